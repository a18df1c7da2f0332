package io.docchat.chat.page;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagePropertiesTest {

    @Test
    void originsAreWrittenAsBrowsersSendThem() {
        PageProperties p = new PageProperties("Docs", "", List.of("HTTPS://Docs.Example.com/", " http://localhost:18401 ",
                "https://a.example:443", "http://b.example:80", ""));
        assertThat(p.embedOrigins()).containsExactly("https://docs.example.com", "http://localhost:18401",
                "https://a.example", "http://b.example");
    }

    @Test
    void anythingThatIsNotAnOriginIsRefusedNamingTheValueAndTheSetting() {
        for (String bad : List.of("*", "docs.example.com", "https://docs.example.com/help", "ftp://x.example",
                "https://docs.example.com?x=1", "https://user@docs.example.com", "https:// bad")) {
            assertThatThrownBy(() -> new PageProperties("Docs", "", List.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DOCCHAT_EMBED_ORIGINS").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void startersAreSplitOnBarsKeepingCommasAndTheTitleDefaults() {
        PageProperties p = new PageProperties("  ", " How do I roll back, safely? | |Where are backups?|", List.of());
        assertThat(p.starters()).containsExactly("How do I roll back, safely?", "Where are backups?");
        assertThat(p.title()).isEqualTo("DocChat");
        assertThat(new PageProperties("T", "a|b|c|d|e|f|g|h|i|j", List.of()).starters()).hasSize(PageProperties.MAX_STARTERS);
    }

    @Test
    void theFrameAncestorsNameSelfAndEachOrigin() {
        assertThat(new EmbedPolicy(new PageProperties("T", "", List.of())).frameAncestors()).isEqualTo("frame-ancestors 'self'");
        assertThat(new EmbedPolicy(new PageProperties("T", "", List.of("https://a.example", "https://b.example"))).frameAncestors())
                .isEqualTo("frame-ancestors 'self' https://a.example https://b.example");
    }
}
