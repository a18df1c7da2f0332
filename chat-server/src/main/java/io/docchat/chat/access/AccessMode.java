package io.docchat.chat.access;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The deployment mode as far as permissions care ({@code docchat.security.mode}, {@code DOCCHAT_MODE}):
 * {@code private} requires an index whose chunks carry permissions (it refuses one without them, at start-up
 * and on every search, rather than show every chunk to everyone); {@code public} (the default) serves an index
 * built before permissions as all public, so an upgrade keeps answering until the next full rebuild.
 * Permissions are enforced in both modes whenever the index has them.
 */
@Component
public class AccessMode {

    private final boolean privateMode;

    public AccessMode(@Value("${docchat.security.mode:${DOCCHAT_MODE:public}}") String mode) {
        String m = mode == null ? "public" : mode.strip().toLowerCase(java.util.Locale.ROOT);
        if (!m.equals("public") && !m.equals("private")) {
            throw new IllegalArgumentException("docchat.security.mode (DOCCHAT_MODE) must be public or private, was " + mode);
        }
        this.privateMode = m.equals("private");
    }

    public static AccessMode publicMode() {
        return new AccessMode("public");
    }

    public boolean privateMode() {
        return privateMode;
    }
}
