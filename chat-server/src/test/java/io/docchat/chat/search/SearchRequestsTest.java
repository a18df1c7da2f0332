package io.docchat.chat.search;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchRequestsTest {

    private final SearchRequests requests = new SearchRequests(100);

    @Test
    void queryStringFiltersAcceptRepeatsAndCommas() {
        SearchQuery q = requests.fromParams(Map.of("q", new String[]{"alias swap"}, "k", new String[]{"5"},
                "tag", new String[]{"a,b", "c"}, "path", new String[]{"docs/"}));
        assertThat(q.k()).isEqualTo(5);
        assertThat(q.filters().tags()).containsExactly("a", "b", "c");
        assertThat(q.filters().pathPrefix()).isEqualTo("docs/");
    }

    @Test
    void bodyTakesStringOrArrayFilters() {
        SearchQuery q = requests.fromJson("{\"q\":\"x\",\"offset\":10,\"filters\":{\"product\":\"vault\",\"version\":[\"1\",\"2\"]}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(q.offset()).isEqualTo(10);
        assertThat(q.k()).isEqualTo(SearchRequests.DEFAULT_K);
        assertThat(q.filters().products()).containsExactly("vault");
        assertThat(q.filters().versions()).containsExactly("1", "2");
    }

    @Test
    void pagingBeyondTheFusedDepthIsRejected() {
        assertThatThrownBy(() -> requests.fromParams(Map.of("q", new String[]{"x"}, "k", new String[]{"50"},
                "offset", new String[]{"51"}))).isInstanceOf(InvalidSearchException.class).hasMessageContaining("offset");
    }

    @Test
    void unknownNamesAreNamedInTheError() {
        assertThatThrownBy(() -> requests.fromJson("{\"q\":\"x\",\"filters\":{\"lang\":\"en\"}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidSearchException.class).hasMessageContaining("'lang'");
    }
}
