package io.docchat.chat.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** HS256 tokens for tests, signed with the secret the test servers are configured with. */
public final class Tokens {

    public static final String SECRET = "test-secret-for-docchat-integration-tests-0123456789";
    public static final String ISSUER = "https://auth.docchat.test";

    private Tokens() {
    }

    public static String user(String subject) {
        return token(subject, List.of("user"), ISSUER, Instant.now().plus(Duration.ofMinutes(10)), SECRET);
    }

    public static String admin(String subject) {
        return token(subject, List.of("admin"), ISSUER, Instant.now().plus(Duration.ofMinutes(10)), SECRET);
    }

    /** A USER token whose {@code groups} claim lists {@code groups} (null: no claim at all). */
    public static String withGroups(String subject, List<String> groups) {
        return token(subject, List.of("user"), groups, ISSUER, Instant.now().plus(Duration.ofMinutes(10)), SECRET);
    }

    public static String token(String subject, List<String> roles, String issuer, Instant expires, String secret) {
        return token(subject, roles, null, issuer, expires, secret);
    }

    private static String token(String subject, List<String> roles, List<String> groups, String issuer, Instant expires,
                                String secret) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(subject).issuer(issuer).claim("roles", roles);
        if (groups != null) {
            builder.claim("groups", groups);
        }
        JWTClaimsSet claims = builder
                .issueTime(Date.from(expires.minus(Duration.ofHours(1)))).expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The same claims with {@code alg: none} and no signature. */
    public static String unsigned(String subject) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = user(subject).split("\\.")[1];
        return header + "." + payload + ".";
    }

    /** A valid token whose payload was changed after signing (roles raised to admin). */
    public static String tampered(String subject) {
        String[] parts = user(subject).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"user\"", "\"admin\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
