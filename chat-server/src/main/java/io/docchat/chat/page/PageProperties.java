package io.docchat.chat.page;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a docs team sets for its pages and the embeddable widget ({@code docchat.page.*}).
 *
 * @param title            the pages' title and the widget panel's heading ({@code DOCCHAT_PAGE_TITLE})
 * @param starterQuestions questions the empty chat offers to ask with one click, separated by {@code |}
 *                         ({@code DOCCHAT_PAGE_STARTER_QUESTIONS}; a question may contain commas, hence not a list)
 * @param embedOrigins     the sites allowed to embed the chat widget, as origins ({@code https://docs.example.com}),
 *                         comma-separated ({@code DOCCHAT_EMBED_ORIGINS}); empty: no other site may embed it.
 *                         The embed page's {@code frame-ancestors} and the widget's CORS answers follow this list.
 */
@ConfigurationProperties("docchat.page")
public record PageProperties(@DefaultValue("DocChat") String title, @DefaultValue("") String starterQuestions,
                             @DefaultValue("") List<String> embedOrigins) {

    /** Starter questions shown at most; more would push the question box off a phone screen. */
    static final int MAX_STARTERS = 8;

    public PageProperties {
        title = title == null || title.isBlank() ? "DocChat" : title.strip();
        if (title.length() > 100) {
            throw new IllegalArgumentException("docchat.page.title (DOCCHAT_PAGE_TITLE) must be at most 100 characters");
        }
        starterQuestions = starterQuestions == null ? "" : starterQuestions;
        embedOrigins = embedOrigins == null ? List.of()
                : embedOrigins.stream().map(String::strip).filter(s -> !s.isEmpty()).map(PageProperties::origin).toList();
    }

    /** The starter questions, in order, blanks dropped. */
    public List<String> starters() {
        return Arrays.stream(starterQuestions.split("\\|")).map(String::strip).filter(s -> !s.isEmpty())
                .limit(MAX_STARTERS).toList();
    }

    /**
     * An origin exactly as browsers send it ({@code scheme://host[:port]}, lower case, no path, no default port):
     * anything else could never match a browser's {@code Origin} header and is refused at start, with the value.
     */
    static String origin(String value) {
        String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI u = new URI(v);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = u.getHost() != null && u.getRawPath().isEmpty() && u.getRawQuery() == null
                    && u.getRawFragment() == null && u.getRawUserInfo() == null;
            if ((scheme.equals("https") || scheme.equals("http")) && bare) {
                int port = u.getPort();
                boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
                return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
            }
        } catch (URISyntaxException e) {
            // refused below, with the value
        }
        throw new IllegalArgumentException("docchat.page.embed-origins (DOCCHAT_EMBED_ORIGINS) takes origins such as "
                + "https://docs.example.com (scheme, host and port only; no '*', no path), not '" + value + "'");
    }
}
