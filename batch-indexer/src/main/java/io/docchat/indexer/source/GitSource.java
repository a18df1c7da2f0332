package io.docchat.indexer.source;

import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A branch of a git repository: each run fetches the branch into a bare clone kept between runs and lists
 * the files of its newest commit. Incremental by the diff between the last listed commit and the new one: a
 * file whose blob did not change keeps its recorded hash and is not read (so the run does not re-index it);
 * changed and added files are hashed from their new blobs; files gone from the tree drop out of the
 * listing, so the run deletes their chunks. Citations link to the file at the commit that was indexed
 * ({@link GitProperties#webUrl()}). The repository URL passes the sitemap rules ({@link UrlPolicy}), JGit's HTTP
 * goes through {@link GuardedGitConnections} (each URL checked, the connection pinned to the checked address, no
 * proxy), redirects are not followed (a hop could lead to an internal address), credentials come from the
 * environment only.
 */
final class GitSource implements DocumentSource {

    private static final Logger log = LoggerFactory.getLogger(GitSource.class);
    private static final int FETCH_TIMEOUT_SECONDS = 120;

    private final SourceProperties props;
    private final GitProperties git;
    private final long maxBytes;
    private final UrlPolicy policy;
    private final GuardedDns.Resolver resolver;
    private final GuardedGitConnections connections;
    private final GitState state;
    private final Path repoDir;
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;
    private volatile GitState.Snapshot last;

    GitSource(SourceProperties props, long maxBytes) {
        this(props, maxBytes, new UrlPolicy(props.allowPrivateAddresses(), 0, maxBytes), GuardedDns.SYSTEM);
    }

    GitSource(SourceProperties props, long maxBytes, UrlPolicy policy, GuardedDns.Resolver resolver) {
        this.props = props;
        this.policy = policy;
        this.resolver = resolver;
        this.connections = new GuardedGitConnections(policy, resolver);
        this.git = props.git();
        this.maxBytes = maxBytes;
        Path cache = git.cacheDir().isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "docchat-git") : Path.of(git.cacheDir());
        String key = props.name() + "-" + ContentHash.of(git.url() + "#" + git.branch()).substring(0, 12);
        this.repoDir = cache.resolve(key + ".git");
        this.state = new GitState(cache.resolve(key + ".state"));
        this.includes = props.include().stream().map(FolderSource::glob).toList();
        this.excludes = props.exclude().stream().map(FolderSource::glob).toList();
    }

    @Override
    public String name() {
        return props.name();
    }

    @Override
    public Stream<SourceDocument> documents() throws IOException {
        GitState.Snapshot s = sync();
        return s.files().values().stream().map(e -> describe(s.commit(), e));
    }

    @Override
    public Stream<String> docIds() throws IOException {
        GitState.Snapshot s = last != null ? last : sync();
        return s.files().keySet().stream().map(p -> SourceDocument.docId(props.name(), p));
    }

    @Override
    public byte[] read(SourceDocument document) throws IOException {
        GitState.Snapshot s = last != null ? last : sync();
        GitState.Entry e = s.files().get(document.location());
        if (e == null) {
            throw new IOException(document.location() + " is not in commit " + s.commit().name());
        }
        try (Repository repo = open()) {
            return repo.open(e.blob(), Constants.OBJ_BLOB).getCachedBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
    }

    /** Fetches the branch and lists its newest commit; also the commit the documents' links point at. */
    synchronized GitState.Snapshot sync() throws IOException {
        checkUrl();
        try (Repository repo = open()) {
            fetch(repo);
            ObjectId commit = repo.resolve(Constants.R_HEADS + git.branch() + "^{commit}");
            if (commit == null) {
                throw new IOException("source " + name() + ": branch " + git.branch() + " not found in " + git.url());
            }
            GitState.Snapshot previous = state.load();
            Map<String, GitState.Entry> files = list(repo, commit, previous.byBlob());
            GitState.Snapshot now = new GitState.Snapshot(commit, files);
            log.info("source {}: {} -> {}: {}", name(), previous.commit() == null ? "(first fetch)" : previous.commit().abbreviate(10).name(),
                    commit.abbreviate(10).name(), GitState.diff(previous, now));
            state.save(now);
            last = now;
            return now;
        } catch (GitAPIException e) {
            throw new IOException("source " + name() + ": fetching branch " + git.branch() + " of " + git.url() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private Map<String, GitState.Entry> list(Repository repo, ObjectId commit, Map<ObjectId, GitState.Entry> known) throws IOException {
        Map<String, GitState.Entry> out = new TreeMap<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            if (!git.paths().isEmpty()) {
                tree.setFilter(PathFilterGroup.createFromStrings(git.paths()));
            }
            ObjectReader reader = tree.getObjectReader();
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                String path = tree.getPathString();
                if ((mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) || !selected(path)) {
                    continue; // symlinks and submodules are not documents
                }
                ObjectId blob = tree.getObjectId(0);
                GitState.Entry seen = known.get(blob);
                out.put(path, seen != null ? new GitState.Entry(path, blob, seen.size(), seen.sha256()) : hash(reader, path, blob));
            }
        }
        return out;
    }

    private GitState.Entry hash(ObjectReader reader, String path, ObjectId blob) throws IOException {
        ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
        long size = loader.getSize();
        if (size > maxBytes) {
            return new GitState.Entry(path, blob, size, "oversized:" + blob.name()); // skipped by size, never read
        }
        MessageDigest sha = ContentHash.digest();
        try (InputStream in = new DigestInputStream(loader.openStream(), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new GitState.Entry(path, blob, size, ContentHash.hex(sha));
    }

    private SourceDocument describe(ObjectId commit, GitState.Entry e) {
        String url;
        if (!git.webUrl().isEmpty()) {
            url = git.webUrl().replace("{commit}", commit.name()).replace("{path}", encodePath(e.path()));
        } else {
            url = props.url(e.path());
        }
        return SourceDocument.listed(name(), SourceDocument.docId(name(), e.path()), e.path(), url, e.size(), e.sha256(),
                props.acl());
    }

    private boolean selected(String path) {
        Path rel = Path.of(path);
        if (!FolderSource.SUPPORTED.contains(FolderSource.extension(rel.getFileName().toString()))
                || excludes.stream().anyMatch(m -> m.matches(rel))) {
            return false;
        }
        return includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(rel));
    }

    /** The address rules of sitemaps; file: URLs only when the source allows them. */
    private void checkUrl() throws IOException {
        URI uri;
        try {
            uri = URI.create(git.url());
        } catch (IllegalArgumentException e) {
            throw new IOException("source " + name() + ": not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            if (!git.allowFileUrls()) {
                throw new IOException("source " + name() + ": refused " + uri + ": file URLs need git.allow-file-urls");
            }
            return;
        }
        try {
            policy.checkUri(uri);
            if (uri.getHost() == null) {
                throw new RefusedUrlException(RefusedUrlException.redacted(uri), "a host java.net.URI cannot parse");
            }
            new GuardedDns(policy, resolver).lookup(uri.getHost()); // a clear early refusal; each connection re-checks
        } catch (RefusedUrlException e) {
            throw new RefusedUrlException("source " + name() + ": " + RefusedUrlException.redacted(uri), e.reason());
        } catch (RefusedAddressException e) {
            throw new RefusedUrlException("source " + name() + ": " + RefusedUrlException.redacted(uri), e.reason());
        }
    }

    private Repository open() throws IOException {
        if (!repoDir.resolve("HEAD").toFile().exists()) {
            try (Git ignored = Git.init().setBare(true).setDirectory(repoDir.toFile()).setInitialBranch(git.branch()).call()) {
                log.info("source {}: new bare clone in {}", name(), repoDir);
            } catch (GitAPIException e) {
                throw new IOException("cannot create " + repoDir, e);
            }
        }
        Repository repo = new FileRepositoryBuilder().setGitDir(repoDir.toFile()).setMustExist(true).build();
        StoredConfig config = repo.getConfig();
        config.setString("remote", "origin", "url", git.url());
        config.setBoolean("http", null, "followRedirects", false);
        config.save();
        return repo;
    }

    private void fetch(Repository repo) throws GitAPIException, IOException {
        try (Git g = new Git(repo)) {
            FetchCommand fetch = g.fetch().setRemote("origin").setTimeout(FETCH_TIMEOUT_SECONDS)
                    .setTransportConfigCallback(transport -> {
                        if (transport instanceof TransportHttp http) {
                            http.setHttpConnectionFactory(connections); // pinned to checked addresses
                        }
                    })
                    .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + git.branch() + ":" + Constants.R_HEADS + git.branch()));
            if (!git.passwordEnv().isEmpty()) {
                String secret = System.getenv(git.passwordEnv());
                if (secret == null || secret.isEmpty()) {
                    throw new IOException("source " + name() + ": the environment variable " + git.passwordEnv()
                            + " (git.password-env) is not set");
                }
                fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(git.username(), secret));
            }
            fetch.call();
        }
    }

    private static String encodePath(String path) {
        return Arrays.stream(path.split("/")).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
