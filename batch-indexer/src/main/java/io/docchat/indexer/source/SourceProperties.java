package io.docchat.indexer.source;

import io.docchat.elastic.Permissions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One documentation source ({@code docchat.indexer.sources[n].*}).
 *
 * @param name    short stable name; part of every document id, so renaming a source re-indexes it
 * @param path    the folder to walk recursively
 * @param include globs relative to {@code path} ({@code **}{@code /*.md}); empty means every supported format
 * @param exclude globs that win over {@code include}
 * @param cron    Quartz cron expression for scheduled incremental runs; empty means unscheduled
 * @param baseUrl where the folder is published, so that citations open the published page: a docs site
 *                ({@code https://docs.example.com/}: links become {@code baseUrl + relative path + #heading-anchor}),
 *                or a repository's web view with line anchors, where {@code {path}} stands for the relative path and
 *                {@code {line}} for the cited passage's first line
 *                ({@code https://github.com/org/docs/blob/main/{path}?plain=1#L{line}}). Empty: citations open
 *                chat-server's source view page, which shows the passage from the index
 * @param sitemap instead of {@code path}: an HTTP(S) sitemap whose pages are the documents (fetched through
 *                {@link UrlPolicy})
 * @param allowPrivateAddresses let a sitemap or git source fetch loopback and private addresses (an intranet
 *                wiki or git server); off by default
 * @param git     instead of {@code path}: a git repository, branch and paths ({@link GitProperties})
 * @param groups  who may read the source's documents: the IdP groups (as the token's groups claim names them)
 *                whose members may; empty (the default) means public. Group names are plain strings, checked
 *                against nothing: a group the IdP does not know still indexes (its chunks are readable by nobody
 *                until someone is in it), and the admin API lists every source's groups ({@code GET /admin/sources}).
 *                Changing them re-writes the source's chunks on the next incremental run.
 */
public record SourceProperties(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String name,
        Path path,
        @DefaultValue({}) List<String> include,
        @DefaultValue({}) List<String> exclude,
        @DefaultValue("") String cron,
        @DefaultValue("") String baseUrl,
        URI sitemap,
        @DefaultValue("false") boolean allowPrivateAddresses,
        @DefaultValue({}) List<String> groups,
        GitProperties git) {

    public SourceProperties {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        cron = cron == null ? "" : cron;
        baseUrl = baseUrl == null ? "" : baseUrl;
        groups = groups == null ? List.of() : List.copyOf(groups);
        for (String g : groups) {
            if (g == null || g.isBlank() || g.length() > 256 || g.startsWith("__") || !g.equals(g.strip())) {
                throw new IllegalArgumentException("docchat.indexer.sources[" + name + "].groups: '" + g
                        + "' is not a group name (1-256 characters, no surrounding spaces, not starting with __)");
            }
        }
        int kinds = (path != null ? 1 : 0) + (sitemap != null ? 1 : 0) + (git != null && git.url() != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("docchat.indexer.sources[" + name + "] needs exactly one of path, sitemap and git.url");
        }
    }

    public static SourceProperties folder(String name, Path path) {
        return new SourceProperties(name, path, List.of(), List.of(), "", "", null, false, List.of(), null);
    }

    public static SourceProperties sitemap(String name, URI sitemap, boolean allowPrivateAddresses) {
        return new SourceProperties(name, null, List.of(), List.of(), "", "", sitemap, allowPrivateAddresses, List.of(), null);
    }

    public static SourceProperties git(String name, GitProperties git, boolean allowPrivateAddresses) {
        return new SourceProperties(name, null, List.of(), List.of(), "", "", null, allowPrivateAddresses, List.of(), git);
    }

    /** The same source readable only by {@code readers} (empty: public). */
    public SourceProperties withGroups(List<String> readers) {
        return new SourceProperties(name, path, include, exclude, cron, baseUrl, sitemap, allowPrivateAddresses, readers, git);
    }

    /**
     * A document's published URL: {@code baseUrl} with {@code {path}} replaced (else the path appended); a
     * {@code {line}} stays for chat-server to fill in per cited chunk. Null when the source is published nowhere.
     */
    public String url(String relativePath) {
        if (baseUrl.isEmpty()) {
            return null;
        }
        return baseUrl.contains("{path}") ? baseUrl.replace("{path}", relativePath) : baseUrl + relativePath;
    }

    /** What its chunks carry in the index's {@code acl} field. */
    public List<String> acl() {
        return Permissions.acl(groups);
    }
}
