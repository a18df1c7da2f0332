package io.docchat.indexer.source;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The pages a sitemap lists (a sitemap index is followed one level), fetched through {@link HttpFetcher}.
 * A page that answers 404/410 is not listed, so its chunks are pruned; any other fetch failure fails the run
 * rather than pruning pages that are only unreachable for a moment. A page the address rules refuse
 * ({@link RefusedUrlException}: an internal address, a redirect into one, another scheme) is listed with a
 * refusal marker instead of its hash and is never fetched by the run: reading it fails with the reason, so the
 * indexer records it as a skipped document with that reason and the run goes on.
 */
final class SitemapSource implements DocumentSource {

    /** The manifest hash prefix of a listed page the address rules refused. */
    static final String REFUSED = "refused:";

    private final SourceProperties props;
    private final HttpFetcher http;

    SitemapSource(SourceProperties props) {
        this(props, new UrlPolicy(props.allowPrivateAddresses(), UrlPolicy.strict().maxRedirects(), UrlPolicy.strict().maxBytes()),
                GuardedDns.SYSTEM);
    }

    SitemapSource(SourceProperties props, UrlPolicy policy, GuardedDns.Resolver resolver) {
        this.props = props;
        this.http = new HttpFetcher(policy, resolver);
    }

    @Override
    public String name() {
        return props.name();
    }

    @Override
    public Stream<SourceDocument> documents() throws IOException {
        return pages().stream().map(this::describe).flatMap(Optional::stream);
    }

    @Override
    public Stream<String> docIds() throws IOException {
        return pages().stream().map(p -> SourceDocument.docId(props.name(), p));
    }

    @Override
    public byte[] read(SourceDocument document) throws IOException {
        URI uri;
        try {
            uri = URI.create(document.location());
        } catch (IllegalArgumentException e) {
            throw new RefusedUrlException(document.location(), "not a URL");
        }
        return http.get(uri)
                .orElseThrow(() -> new IOException(document.location() + " is gone"));
    }

    private List<String> pages() throws IOException {
        TreeSet<String> pages = new TreeSet<>();
        Document sitemap = xml(props.sitemap());
        for (String child : sitemap.select("sitemapindex > sitemap > loc").eachText()) {
            pages.addAll(xml(URI.create(absolute(child.strip()))).select("urlset > url > loc").eachText());
        }
        pages.addAll(sitemap.select("urlset > url > loc").eachText());
        return pages.stream().map(String::strip).map(this::absolute).distinct().toList();
    }

    private String absolute(String loc) {
        try {
            return props.sitemap().resolve(loc).toString();
        } catch (IllegalArgumentException e) {
            return loc; // listed as it is, refused when fetched
        }
    }

    private Document xml(URI uri) throws IOException {
        byte[] body = http.get(uri).orElseThrow(() -> new IOException("sitemap " + uri + " not found"));
        return Jsoup.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8), uri.toString(), Parser.xmlParser());
    }

    private Optional<SourceDocument> describe(String page) {
        try {
            return http.get(URI.create(page)).map(body -> SourceDocument.listed(props.name(),
                    SourceDocument.docId(props.name(), page), page, page, body.length, ContentHash.of(body), props.acl()));
        } catch (RefusedUrlException | IllegalArgumentException e) {
            return Optional.of(SourceDocument.listed(props.name(), SourceDocument.docId(props.name(), page), page, page, 0,
                    REFUSED + ContentHash.of(page), props.acl()));
        } catch (IOException e) {
            throw new UncheckedIOException("source " + props.name() + ": " + e.getMessage(), e);
        }
    }
}
