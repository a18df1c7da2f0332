package io.docchat.chat.page;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who may embed the chat: the sites on {@link PageProperties#embedOrigins()}. The widget script puts
 * {@link #EMBED_PAGE} in an iframe; that page alone may be framed, by this origin and the listed ones
 * ({@code Content-Security-Policy: frame-ancestors}); every other answer keeps {@code X-Frame-Options: DENY}.
 * The widget's settings ({@link #WIDGET_CONFIG}), which the script fetches from the docs site's page, answer
 * cross-origin only to the listed origins (CORS); another origin's request is refused with a 403 problem, so the script
 * shows no button there, and a hand-made iframe of the embed page is blocked by the browser.
 */
@Component
public class EmbedPolicy {

    static final String EMBED_PAGE = "/embed.html";
    static final String WIDGET_CONFIG = "/widget/config";

    private final PageProperties props;
    private final String frameAncestors;

    EmbedPolicy(PageProperties props) {
        this.props = props;
        this.frameAncestors = "frame-ancestors 'self'" + props.embedOrigins().stream().map(o -> " " + o)
                .reduce("", String::concat);
    }

    /** The frame headers of the browser filter chain: replaces Spring Security's blanket {@code DENY}. */
    public Customizer<HeadersConfigurer<HttpSecurity>> headers() {
        return h -> h.frameOptions(HeadersConfigurer.FrameOptionsConfig::disable).addHeaderWriter(new Framing());
    }

    /** The value of the embed page's policy, e.g. {@code frame-ancestors 'self' https://docs.example.com}. */
    String frameAncestors() {
        return frameAncestors;
    }

    /**
     * Whether a request with this {@code Origin} header may read the widget's settings: none (same origin, or not
     * a browser), this server's own origin, or a listed one.
     */
    boolean mayEmbed(String origin, HttpServletRequest request) {
        if (origin == null) {
            return true;
        }
        String self = request.getScheme() + "://" + request.getServerName()
                + (request.getServerPort() == 80 || request.getServerPort() == 443 ? "" : ":" + request.getServerPort());
        return origin.equalsIgnoreCase(self) || props.embedOrigins().contains(origin.toLowerCase(java.util.Locale.ROOT));
    }

    private final class Framing implements HeaderWriter {

        private final HeaderWriter deny = new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY);
        private final HeaderWriter embed = new StaticHeadersWriter("Content-Security-Policy", frameAncestors);

        @Override
        public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            (EMBED_PAGE.equals(path) ? embed : deny).writeHeaders(request, response);
        }
    }
}
