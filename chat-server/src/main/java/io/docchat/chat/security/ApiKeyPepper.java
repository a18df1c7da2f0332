package io.docchat.chat.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How API keys are stored: {@code HMAC-SHA256(pepper, SHA-256(key))}, hex. The pepper lives in the environment,
 * not the database, so a copy of {@code chat.api_keys} alone cannot be used to test guesses offline (an unsalted
 * SHA-256 could). Keys are 256 random bits, so no stretching is needed and a check stays one HMAC (~2 µs).
 * The inner SHA-256 is what earlier versions stored, which lets the migration ({@link V11__api_key_hmac})
 * convert existing rows without knowing the keys: existing keys keep working.
 */
@Component
public class ApiKeyPepper {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyPepper.class);
    /** Outside {@code prod} only, and said so at start: a development database needs no secret set up. */
    static final String DEVELOPMENT_PEPPER = "docchat-development-api-key-pepper-not-a-secret";

    private final SecretKeySpec key;

    @Autowired
    ApiKeyPepper(ApiKeyProperties props, Environment env) {
        this(props.pepper(), env.acceptsProfiles(Profiles.of("prod")));
    }

    ApiKeyPepper(String pepper, boolean production) {
        if (pepper == null || pepper.isBlank()) {
            if (production) {
                throw new IllegalStateException("DOCCHAT_API_KEY_PEPPER is not set: the prod profile needs the API-key "
                        + "pepper (at least 32 bytes, the same on every replica)");
            }
            log.info("DOCCHAT_API_KEY_PEPPER is not set: API keys are stored with the development pepper (not for production)");
            pepper = DEVELOPMENT_PEPPER;
        }
        byte[] bytes = pepper.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("DOCCHAT_API_KEY_PEPPER must be at least 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The stored form of {@code secret}. */
    public String hash(String secret) {
        return ofDigest(sha256(secret));
    }

    /** The stored form of a key whose SHA-256 is {@code digest} (what V10 stored). */
    String ofDigest(byte[] digest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time comparison of two stored forms. */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
