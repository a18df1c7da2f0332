package io.docchat.chat.signin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP client that keeps cookies like a browser (by name, for any host: the app and the provider both run
 * on the loopback) and follows no redirects by itself, so tests can see each hop and edit cookies.
 */
final class Browser {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    final Map<String, String> cookies = new LinkedHashMap<>();

    HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), Map.of());
    }

    HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) throws Exception {
        request.timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> res = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : res.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return res;
    }

    /** Follows redirects from {@code url} until a response that is not one; returns it. */
    HttpResponse<String> follow(String url) throws Exception {
        HttpResponse<String> res = get(url);
        for (int i = 0; i < 10 && res.statusCode() / 100 == 3; i++) {
            String next = URI.create(url).resolve(res.headers().firstValue("Location").orElseThrow()).toString();
            res = get(next);
            url = next;
        }
        return res;
    }
}
