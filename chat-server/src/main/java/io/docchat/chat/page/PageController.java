package io.docchat.chat.page;

import io.docchat.chat.access.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/**
 * The pages' own settings. Outside {@code /api/} on purpose: a page load must not spend the caller's hourly
 * request limit (anonymous visitors have 100 an hour per address).
 */
@RestController
@Tag(name = "page", description = "Settings of the chat and search pages and of the embeddable widget")
class PageController {

    private final PageProperties props;
    private final ReadableSources sources;
    private final EmbedPolicy embedding;

    PageController(PageProperties props, ReadableSources sources, EmbedPolicy embedding) {
        this.props = props;
        this.sources = sources;
        this.embedding = embedding;
    }

    /**
     * @param title            the page title
     * @param starterQuestions questions an empty chat offers
     * @param sources          the source names the caller may read (the search page's filter)
     */
    record PageConfig(String title, List<String> starterQuestions, List<String> sources) {
    }

    /** @param title the widget panel's heading */
    record WidgetConfig(String title) {
    }

    @Operation(summary = "The page's title, starter questions and the sources the caller may filter by")
    @GetMapping("/page/config")
    ResponseEntity<PageConfig> page(Authentication auth) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new PageConfig(props.title(), props.starters(), sources.of(Viewer.of(auth))));
    }

    @Operation(summary = "The widget's settings; answers cross-origin only to the sites allowed to embed the chat "
            + "(DOCCHAT_EMBED_ORIGINS), a request from another origin is refused with 403")
    @GetMapping(EmbedPolicy.WIDGET_CONFIG)
    ResponseEntity<WidgetConfig> widget(@RequestHeader(name = HttpHeaders.ORIGIN, required = false) String origin,
                                        HttpServletRequest request) {
        if (!embedding.mayEmbed(origin, request)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "origin " + origin
                    + " may not embed this chat: it is not on docchat.page.embed-origins (DOCCHAT_EMBED_ORIGINS)");
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
        }
        var ok = ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5))).varyBy(HttpHeaders.ORIGIN);
        if (origin != null) {
            ok.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
        return ok.body(new WidgetConfig(props.title()));
    }
}
