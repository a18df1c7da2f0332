package io.docchat.chat.search;

import io.docchat.chat.security.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input is refused with problem+json before the model or Elasticsearch is touched. */
class SearchValidationIT extends SearchStack {

    @ParameterizedTest(name = "GET {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/search|400",
            "/api/v1/search?q=|400",
            "/api/v1/search?q=%20%20|400",
            "/api/v1/search?q=x&k=0|400",
            "/api/v1/search?q=x&k=51|400",
            "/api/v1/search?q=x&k=ten|400",
            "/api/v1/search?q=x&offset=-1|400",
            "/api/v1/search?q=x&colour=blue|400",
            "/api/v1/search?q=x&q=y|400"})
    void badQueryStringsAreRejectedWithoutDownstreamCalls(String path, int status) throws Exception {
        assertRejected(() -> get(path, Tokens.user("validator")), status);
    }

    @ParameterizedTest(name = "POST {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}|400",
            "{\"q\":\"\"}|400",
            "{\"q\":\"x\",\"k\":99}|400",
            "{\"q\":\"x\",\"k\":\"3\"}|400",
            "{\"q\":\"x\",\"filters\":{\"colour\":\"blue\"}}|400",
            "{\"q\":\"x\",\"size\":3}|400",
            "not json|400",
            "[1,2]|400"})
    void badBodiesAreRejectedWithoutDownstreamCalls(String body, int status) throws Exception {
        assertRejected(() -> post("/api/v1/search", body, Tokens.user("validator")), status);
    }

    @Test
    void queryOverAThousandCharactersIs400() throws Exception {
        assertRejected(() -> get("/api/v1/search?q=" + "a".repeat(1001), Tokens.user("validator")), 400);
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"q\":\"" + "a".repeat(20_000) + "\"}";
        assertRejected(() -> post("/api/v1/search", big, Tokens.user("validator")), 413);
    }

    private void assertRejected(java.util.concurrent.Callable<HttpResponse<String>> call, int status) throws Exception {
        int embeddings = CountingBeans.EMBEDDINGS.get();
        int searches = CountingBeans.MSEARCHES.get();
        HttpResponse<String> response = call.call();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status).contains("\"detail\"");
        assertThat(CountingBeans.EMBEDDINGS.get()).isEqualTo(embeddings);
        assertThat(CountingBeans.MSEARCHES.get()).isEqualTo(searches);
    }
}
