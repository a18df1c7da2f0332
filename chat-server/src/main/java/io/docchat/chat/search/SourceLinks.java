package io.docchat.chat.search;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes citation links absolute. Links to this server's source view page are kept root-relative in cached
 * results and made absolute per response with the public URL: {@code docchat.links.public-url}
 * ({@code DOCCHAT_PUBLIC_URL}, the address people reach DocChat at, behind a proxy), or when none is set
 * {@code http://localhost:<port>} of the running server, which is what {@code ops/dev/up} serves.
 */
@Component
public class SourceLinks {

    /** The source view page (web/view.html): a chunk's section as the index holds it, the chunk highlighted. */
    public static final String VIEW_PAGE = "/view.html";

    private final String configured;
    private volatile String base;

    SourceLinks(LinkProperties props) {
        this.configured = props.publicUrl().strip().replaceAll("/+$", "");
        this.base = configured;
    }

    @EventListener
    void started(WebServerInitializedEvent event) {
        // the application's own server, not the management port's
        if (configured.isEmpty() && event.getApplicationContext().getServerNamespace() == null) {
            base = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    /** The public URL links are made absolute with. */
    public String base() {
        return base;
    }

    /** {@code link} absolute: root-relative links get the public URL, others stay as they are. */
    public String absolute(String link) {
        return link != null && link.startsWith("/") && !link.startsWith("//") ? base + link : link;
    }

    /** The link of the view page for a chunk, absolute. */
    public String view(String chunkId) {
        return absolute(DeepLinks.view(chunkId));
    }

    List<SearchResult.Hit> absolute(List<SearchResult.Hit> hits) {
        List<SearchResult.Hit> out = new ArrayList<>(hits.size());
        for (SearchResult.Hit h : hits) {
            String link = absolute(h.link());
            out.add(link == null || link.equals(h.link()) ? h : new SearchResult.Hit(h.chunkId(), h.docId(), h.source(),
                    h.title(), h.headingPath(), link, h.snippet(), h.text(), h.score(), h.retrievers()));
        }
        return out;
    }
}
