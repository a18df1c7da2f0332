package io.docchat.chat.security;

/**
 * How a deployment treats people who have not signed in ({@code docchat.security.mode}, {@code DOCCHAT_MODE}).
 * One binary serves both kinds of team; only configuration chooses.
 */
public enum SecurityMode {
    /** Anyone may search and chat; anonymous callers get a server-minted identity and per-client limits. */
    PUBLIC,
    /** Sign-in required: pages go to the identity provider, APIs answer 401 without a session, token or key. */
    PRIVATE
}
