package io.docchat.chat.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Anonymous identities minted by the server: a random 128-bit id and its HMAC-SHA256, {@code id.mac}, kept by
 * the browser in an HttpOnly cookie. A client cannot choose or guess another's id (it would need the key), so
 * anonymous conversations stay apart. The key comes from {@code DOCCHAT_ANONYMOUS_COOKIE_KEY}; without it a
 * random key per start is used (ids then end with the process), which the {@code prod} profile refuses.
 */
public final class AnonymousIdentity {

    private static final Logger log = LoggerFactory.getLogger(AnonymousIdentity.class);
    public static final String COOKIE = "DOCCHAT_ANON";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public AnonymousIdentity(String configuredKey, boolean production) {
        if (configuredKey == null || configuredKey.isBlank()) {
            if (production) {
                throw new IllegalStateException("anonymous access in the prod profile needs DOCCHAT_ANONYMOUS_COOKIE_KEY "
                        + "(at least 32 bytes, the same on every replica)");
            }
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            this.key = new SecretKeySpec(random, "HmacSHA256");
            log.warn("DOCCHAT_ANONYMOUS_COOKIE_KEY is not set: anonymous ids are signed with a random key of this process "
                    + "(they end with it and do not cross replicas)");
        } else {
            byte[] bytes = configuredKey.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("DOCCHAT_ANONYMOUS_COOKIE_KEY must be at least 32 bytes");
            }
            this.key = new SecretKeySpec(bytes, "HmacSHA256");
        }
    }

    /** A new cookie value: {@code id.mac}. */
    public String mint() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String value = B64.encodeToString(id);
        return value + "." + mac(value);
    }

    /** The id in a cookie value whose signature holds, or empty (tampered, foreign key, malformed). */
    public Optional<String> verify(String cookie) {
        if (cookie == null || cookie.length() > 100) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot != 22 || cookie.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        String id = cookie.substring(0, dot);
        byte[] expected = mac(id).getBytes(StandardCharsets.US_ASCII);
        byte[] given = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(id) : Optional.empty();
    }

    private String mac(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(("docchat-anon-v1:" + id).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
