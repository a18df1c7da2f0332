package io.docchat.chat.analytics;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A keyed hash (HMAC-SHA256) of a user id: analytics can count one user's questions without holding the id,
 * and without the key nobody can test a guessed id against the hash (a plain hash of an e-mail address can
 * be reversed by hashing candidates).
 */
final class UserHash {

    private final SecretKeySpec key;

    UserHash(String key) {
        byte[] bytes;
        if (key == null || key.isBlank()) {
            bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
        } else {
            bytes = key.getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** 32 hex digits (128 bits) of the HMAC; {@code null} for no user. */
    String of(String userId) {
        if (userId == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
