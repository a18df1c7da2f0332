package io.docchat.chat.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtSupportTest {

    @Test
    void issuerKeysComeFromTheJwkSetAndTheIssuerIsEnforced() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        try (MockWebServer issuer = new MockWebServer()) {
            issuer.start();
            for (int i = 0; i < 3; i++) {
                issuer.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
                        .body(new JWKSet(key.toPublicJWK()).toString()).build());
            }
            JwtDecoder decoder = JwtSupport.decoder(new SecurityProperties.Jwt(null, "https://idp.example",
                    issuer.url("/jwks").toString(), null, "roles"));
            assertThat(decoder.decode(rs256(key, "https://idp.example")).getSubject()).isEqualTo("erin");
            assertThatThrownBy(() -> decoder.decode(rs256(key, "https://other.example"))).isInstanceOf(JwtException.class);
        }
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatThrownBy(() -> JwtSupport.decoder(new SecurityProperties.Jwt("too-short", null, null, null, "roles")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void everyTokenIsAUserAndOnlyKnownRolesAreGranted() {
        assertThat(JwtSupport.authorities(List.of("admin", "root")).stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
        assertThat(JwtSupport.authorities("admin user").stream().map(GrantedAuthority::getAuthority))
                .containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
        assertThat(JwtSupport.authorities(null).stream().map(GrantedAuthority::getAuthority)).containsExactly("ROLE_USER");
    }

    private static String rs256(RSAKey key, String issuer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("erin").issuer(issuer)
                        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
