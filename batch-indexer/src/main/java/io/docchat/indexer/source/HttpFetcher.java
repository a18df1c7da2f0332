package io.docchat.indexer.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * GETs for HTTP sources, under a {@link UrlPolicy}: every hop of a redirect chain is checked (a public page must
 * not redirect into the metadata service), redirects are capped, and bodies are read only up to the size cap.
 */
final class HttpFetcher {

    private final UrlPolicy policy;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpFetcher(UrlPolicy policy) {
        this.policy = policy;
    }

    /** The body, or empty when the page is gone (404, 410); IOException for anything else that went wrong. */
    Optional<byte[]> get(URI uri) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= policy.maxRedirects(); hop++) {
            try {
                policy.check(current);
            } catch (IllegalArgumentException refused) {
                throw new IOException(refused.getMessage(), refused);
            }
            HttpResponse<InputStream> response = send(current);
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                    current = current.resolve(response.headers().firstValue("Location").get());
                    continue;
                }
                if (status == 404 || status == 410) {
                    return Optional.empty();
                }
                if (status != 200) {
                    throw new IOException("GET " + current + " answered " + status);
                }
                return Optional.of(readCapped(body, current));
            }
        }
        throw new IOException("GET " + uri + ": more than " + policy.maxRedirects() + " redirects");
    }

    private HttpResponse<InputStream> send(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "DocChat-indexer").GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + uri, e);
        }
    }

    private byte[] readCapped(InputStream body, URI uri) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            if (out.size() + n > policy.maxBytes()) {
                throw new IOException("GET " + uri + ": larger than " + policy.maxBytes() + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
