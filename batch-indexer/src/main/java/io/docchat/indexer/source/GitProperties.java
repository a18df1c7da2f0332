package io.docchat.indexer.source;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * A git repository as a source ({@code docchat.indexer.sources[n].git.*}).
 *
 * @param url           the repository: https (or http); fetched under the same address rules as sitemaps
 *                      ({@link UrlPolicy}: no loopback or private addresses unless the source allows them).
 *                      {@code file:} URLs only with {@code allowFileUrls} (tests, a mirror on the same disk)
 * @param branch        the branch to index (its newest commit at each run)
 * @param paths         folders (or files) of the repository to index, relative to its root; empty is all of it.
 *                      The source's include and exclude globs apply within them, relative to the root
 * @param webUrl        the web view of a file at a commit, with {@code {commit}} and {@code {path}}, for example
 *                      {@code https://git.example.com/org/docs/blob/{commit}/{path}}: citations link to the file
 *                      as it was indexed; add {@code {line}} for the cited line, as in
 *                      {@code https://github.com/org/docs/blob/{commit}/{path}?plain=1#L{line}} (GitHub shows a
 *                      Markdown file's lines with {@code plain=1}). Empty: the source's {@code base-url}, or
 *                      chat-server's source view page
 * @param username      user name sent with the token (many hosts accept any non-empty name with a token)
 * @param passwordEnv   the name of the environment variable holding the password or token; empty: anonymous.
 *                      The secret itself is never configuration
 * @param cacheDir      where the bare clone lives between runs; empty: {@code java.io.tmpdir}/docchat-git
 * @param allowFileUrls let {@code url} be a {@code file:} URL
 */
public record GitProperties(
        String url,
        @DefaultValue("main") String branch,
        @DefaultValue({}) List<String> paths,
        @DefaultValue("") String webUrl,
        @DefaultValue("git") String username,
        @DefaultValue("") String passwordEnv,
        @DefaultValue("") String cacheDir,
        @DefaultValue("false") boolean allowFileUrls) {

    public GitProperties {
        branch = branch == null || branch.isBlank() ? "main" : branch;
        paths = paths == null ? List.of() : paths.stream().map(GitProperties::trimSlashes).filter(p -> !p.isEmpty()).toList();
        webUrl = webUrl == null ? "" : webUrl;
        username = username == null || username.isBlank() ? "git" : username;
        passwordEnv = passwordEnv == null ? "" : passwordEnv;
        cacheDir = cacheDir == null ? "" : cacheDir;
    }

    public static GitProperties of(String url, String branch) {
        return new GitProperties(url, branch, List.of(), "", "git", "", "", false);
    }

    private static String trimSlashes(String p) {
        String s = p.strip().replace('\\', '/');
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
