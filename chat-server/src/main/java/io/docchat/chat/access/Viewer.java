package io.docchat.chat.access;

import io.docchat.elastic.Permissions;
import io.docchat.elastic.security.JwtVerification;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Collections;

/**
 * What a caller may read: the document groups of the request's {@link Authentication} (its
 * {@code GROUP_<group>} authorities, from a bearer token's groups claim or a signed-in session), plus every
 * public chunk. It is passed explicitly down the search and chat paths (never kept in a thread-local), so each
 * stage that reads chunks or caches what it read can see whose rights it works under.
 * <p>
 * {@link #partition()} names the permission set in cache keys: callers with the same groups share cached
 * results and answers, and a caller whose groups changed (a new token with fewer groups) reaches other keys,
 * so nothing cached under the old rights is served to them.
 *
 * @param groups the caller's groups, sorted; empty for a caller who reads public sources only (anonymous callers,
 *               API keys, tokens without the groups claim)
 */
public record Viewer(SortedSet<String> groups) {

    /** Public sources only. */
    public static final Viewer PUBLIC = new Viewer(Collections.emptySortedSet());

    public Viewer {
        groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
    }

    /** The viewer of a request; null or anonymous authentication reads public sources only. */
    public static Viewer of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return PUBLIC;
        }
        return ofAuthorities(authentication.getAuthorities());
    }

    static Viewer ofAuthorities(Collection<? extends GrantedAuthority> authorities) {
        TreeSet<String> groups = new TreeSet<>();
        for (GrantedAuthority a : authorities) {
            String name = a.getAuthority();
            if (name != null && name.startsWith(JwtVerification.GROUP_PREFIX) && name.length() > JwtVerification.GROUP_PREFIX.length()) {
                groups.add(name.substring(JwtVerification.GROUP_PREFIX.length()));
            }
        }
        return groups.isEmpty() ? PUBLIC : new Viewer(groups);
    }

    public static Viewer ofGroups(Collection<String> groups) {
        return groups.isEmpty() ? PUBLIC : new Viewer(new TreeSet<>(groups));
    }

    /**
     * The values of {@link Permissions#FIELD} this viewer may read: {@link Permissions#PUBLIC} and each group.
     * A chunk is readable when its field holds any of them (the one {@code terms} filter of retrieval).
     */
    public List<String> readable() {
        List<String> out = new ArrayList<>(groups.size() + 1);
        out.add(Permissions.PUBLIC);
        out.addAll(groups);
        return out;
    }

    /** Whether a chunk with this {@link Permissions#FIELD} value may be shown to the viewer. */
    public boolean canRead(Collection<String> acl) {
        if (acl == null || acl.isEmpty()) {
            return false;
        }
        for (String reader : acl) {
            if (Permissions.PUBLIC.equals(reader) || groups.contains(reader)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A stable name of the permission set for cache keys: {@code public}, or {@code g} and the first 24 hex
     * digits of the SHA-256 of the sorted groups (so no group name appears in Redis keys).
     */
    public String partition() {
        if (groups.isEmpty()) {
            return "public";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String g : groups) {
                // length-prefixed: group names are free strings (a NUL included), so no joining is unambiguous
                byte[] bytes = g.getBytes(StandardCharsets.UTF_8);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return "g" + HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        // groups are not secret, but they do not belong in logs next to request details either
        return "Viewer[" + groups.size() + " groups, " + partition() + "]";
    }
}
