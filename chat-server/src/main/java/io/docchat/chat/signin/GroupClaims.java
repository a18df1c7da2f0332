package io.docchat.chat.signin;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A signed-in user's authorities from the identity provider's claims: {@code ROLE_USER} and one
 * {@code GROUP_<group>} per group in the configured claim (the same claim name bearer JWTs are read with,
 * {@code docchat.security.jwt.groups-claim}). The claim may be a list or a space/comma-separated string;
 * a leading slash (Keycloak's full group path) is dropped. No claim means no group: public sources only.
 */
public record GroupClaims(String claim) {

    public static final String PREFIX = "GROUP_";

    /** Groups from the first of the claim sets that has the claim (ID token, user info, access token). */
    @SafeVarargs
    public final Set<String> groups(Map<String, Object>... claimSets) {
        for (Map<String, Object> claims : claimSets) {
            if (claims != null && claims.containsKey(claim)) {
                return parse(claims.get(claim));
            }
        }
        return Set.of();
    }

    public List<GrantedAuthority> authorities(Set<String> groups) {
        List<GrantedAuthority> out = new ArrayList<>(groups.size() + 1);
        out.add(new SimpleGrantedAuthority("ROLE_USER"));
        groups.forEach(g -> out.add(new SimpleGrantedAuthority(PREFIX + g)));
        return out;
    }

    /** The groups in a set of authorities, without the prefix. */
    public static List<String> of(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).filter(a -> a.startsWith(PREFIX))
                .map(a -> a.substring(PREFIX.length())).sorted().toList();
    }

    static Set<String> parse(Object value) {
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof Collection<?> c) {
            c.forEach(g -> add(groups, String.valueOf(g)));
        } else if (value instanceof String s) {
            for (String g : s.split("[\\s,]+")) {
                add(groups, g);
            }
        }
        return groups;
    }

    private static void add(Set<String> groups, String raw) {
        String g = raw.strip();
        while (g.startsWith("/")) {
            g = g.substring(1);
        }
        if (!g.isEmpty()) {
            groups.add(g);
        }
    }
}
