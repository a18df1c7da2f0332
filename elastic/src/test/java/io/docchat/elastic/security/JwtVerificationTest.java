package io.docchat.elastic.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtVerificationTest {

    private static final String SECRET = "a-test-secret-that-is-at-least-32-bytes-long";

    @Test
    void issuerKeysComeFromTheJwkSetAndTheIssuerIsEnforced() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        try (MockWebServer issuer = new MockWebServer()) {
            issuer.start();
            for (int i = 0; i < 3; i++) {
                issuer.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .body(new JWKSet(key.toPublicJWK()).toString()).build());
            }
            JwtDecoder decoder = JwtVerification.decoder(new JwtSettings(null, "https://idp.example",
                    issuer.url("/jwks").toString(), null, "roles", "groups"));
            SignedJWT good = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    claims("https://idp.example", null));
            good.sign(new RSASSASigner(key));
            assertThat(decoder.decode(good.serialize()).getSubject()).isEqualTo("erin");
            SignedJWT otherIssuer = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    claims("https://other.example", null));
            otherIssuer.sign(new RSASSASigner(key));
            assertThatThrownBy(() -> decoder.decode(otherIssuer.serialize())).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void hs256WithAudienceRefusesOtherAudiencesUnsignedTokensAndOtherAlgorithms() throws Exception {
        JwtDecoder decoder = JwtVerification.decoder(new JwtSettings(SECRET, null, null, "docchat", "roles", "groups"));
        assertThat(decoder.decode(hs(JWSAlgorithm.HS256, claims(null, "docchat"))).getSubject()).isEqualTo("erin");
        assertThatThrownBy(() -> decoder.decode(hs(JWSAlgorithm.HS256, claims(null, "another-app"))))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(hs(JWSAlgorithm.HS256, claims(null, null))))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(new PlainJWT(claims(null, "docchat")).serialize()))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(hs(JWSAlgorithm.HS512, claims(null, "docchat"))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatThrownBy(() -> JwtVerification.decoder(new JwtSettings("too-short", null, null, null, "roles", "groups")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void theGroupsClaimBecomesGroupAuthoritiesAndNoClaimMeansNoGroups() {
        JwtSettings settings = new JwtSettings(SECRET, null, null, null, "roles", "team");
        var withList = JwtVerification.converter(settings).convert(org.springframework.security.oauth2.jwt.Jwt
                .withTokenValue("t").header("alg", "HS256").subject("erin")
                .claim("team", List.of("eng", "Sales Ops", "", "eng")).build());
        assertThat(withList.getAuthorities().stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("ROLE_USER", "GROUP_eng", "GROUP_Sales Ops");
        var withString = JwtVerification.converter(settings).convert(org.springframework.security.oauth2.jwt.Jwt
                .withTokenValue("t").header("alg", "HS256").subject("erin").claim("team", "eng, /finance").build());
        assertThat(withString.getAuthorities().stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("ROLE_USER", "GROUP_eng", "GROUP_/finance");
        var without = JwtVerification.converter(settings).convert(org.springframework.security.oauth2.jwt.Jwt
                .withTokenValue("t").header("alg", "HS256").subject("erin").claim("groups", List.of("eng")).build());
        assertThat(without.getAuthorities().stream().map(GrantedAuthority::getAuthority)).containsExactly("ROLE_USER");
        assertThat(new JwtSettings(SECRET, null, null, null, "roles", null).groupsClaim()).isEqualTo("groups");
    }

    @Test
    void everyTokenIsAUserAndOnlyKnownRolesAreGranted() {
        assertThat(JwtVerification.authorities(List.of("admin", "root")).stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
        assertThat(JwtVerification.authorities("admin user").stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
        assertThat(JwtVerification.authorities(null).stream().map(GrantedAuthority::getAuthority)).containsExactly("ROLE_USER");
    }

    @Test
    void issuerModeRefusesHs256SignedWithThePublicKeyAndUnknownKeyIds() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k2").generate();
        try (MockWebServer issuer = new MockWebServer()) {
            issuer.start();
            for (int i = 0; i < 6; i++) {
                issuer.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .body(new JWKSet(key.toPublicJWK()).toString()).build());
            }
            JwtDecoder decoder = JwtVerification.decoder(new JwtSettings(null, "https://idp.example",
                    issuer.url("/jwks").toString(), null, "roles", null));
            // Algorithm confusion: the attacker knows the public key and uses its bytes as an HMAC secret.
            SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                    claims("https://idp.example", null));
            confused.sign(new MACSigner(key.toPublicKey().getEncoded()));
            assertThatThrownBy(() -> decoder.decode(confused.serialize())).isInstanceOf(JwtException.class);
            // A well-formed RS256 token whose kid the issuer never published.
            SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k2").build(),
                    claims("https://idp.example", null));
            unknownKid.sign(new RSASSASigner(stranger));
            assertThatThrownBy(() -> decoder.decode(unknownKid.serialize())).isInstanceOf(JwtException.class);
            // The same kid as the issuer's key but signed by another key.
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                    claims("https://idp.example", null));
            forged.sign(new RSASSASigner(stranger));
            assertThatThrownBy(() -> decoder.decode(forged.serialize())).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void expiryAllowsTheDocumentedSixtySecondSkewAndNoMore() throws Exception {
        JwtDecoder decoder = JwtVerification.decoder(new JwtSettings(SECRET, null, null, null, "roles", null));
        assertThat(decoder.decode(hs(JWSAlgorithm.HS256, expiredSecondsAgo(30))).getSubject())
                .as("expired 30 s ago: inside the 60 s clock skew").isEqualTo("erin");
        assertThatThrownBy(() -> decoder.decode(hs(JWSAlgorithm.HS256, expiredSecondsAgo(65))))
                .as("expired 60 s + skew ago").isInstanceOf(JwtException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> decoder.decode(hs(JWSAlgorithm.HS256, expiredSecondsAgo(300))))
                .isInstanceOf(JwtException.class);
    }

    private static JWTClaimsSet expiredSecondsAgo(long seconds) {
        return new JWTClaimsSet.Builder().subject("erin")
                .expirationTime(Date.from(Instant.now().minusSeconds(seconds))).build();
    }

    private static JWTClaimsSet claims(String issuer, String audience) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject("erin")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        if (issuer != null) {
            b.issuer(issuer);
        }
        if (audience != null) {
            b.audience(audience);
        }
        return b.build();
    }

    private static String hs(JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        String secret = alg == JWSAlgorithm.HS256 ? SECRET : SECRET + SECRET;
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
