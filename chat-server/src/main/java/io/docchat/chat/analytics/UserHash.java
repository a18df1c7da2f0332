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
    /** One initialised Mac per thread: a lookup and init per search showed as needless work on the request path. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

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
        byte[] h = macs.get().doFinal(userId.getBytes(StandardCharsets.UTF_8)); // doFinal resets the Mac for the next use
        return HexFormat.of().formatHex(h, 0, 16);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
