package io.docchat.indexer.source;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * GETs for HTTP sources, under a {@link UrlPolicy}: every hop of a redirect chain is checked (a public page must
 * not redirect into the metadata service), redirects are capped, names are resolved once and the connection
 * pinned to the checked address ({@link GuardedDns}), no proxy is used (a proxy would resolve the name itself),
 * and bodies are read only up to the size cap.
 */
final class HttpFetcher {

    private final UrlPolicy policy;
    private final OkHttpClient client;

    HttpFetcher(UrlPolicy policy) {
        this(policy, GuardedDns.SYSTEM);
    }

    HttpFetcher(UrlPolicy policy, GuardedDns.Resolver resolver) {
        this.policy = policy;
        this.client = client(policy, resolver);
    }

    /** A client that never follows redirects itself, never uses a proxy and resolves through {@link GuardedDns}. */
    static OkHttpClient client(UrlPolicy policy, GuardedDns.Resolver resolver) {
        return new OkHttpClient.Builder()
                .dns(new GuardedDns(policy, resolver))
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** The body, or empty when the page is gone (404, 410); {@link RefusedUrlException} when a hop is refused. */
    Optional<byte[]> get(URI uri) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= policy.maxRedirects(); hop++) {
            HttpUrl url = checked(current);
            Request request = new Request.Builder().url(url).header("User-Agent", "DocChat-indexer").get().build();
            try (Response response = execute(current, request)) {
                int status = response.code();
                String location = response.header("Location");
                if (status >= 300 && status < 400 && location != null) {
                    current = next(current, location);
                    continue;
                }
                if (status == 404 || status == 410) {
                    return Optional.empty();
                }
                if (status != 200) {
                    throw new IOException("GET " + current + " answered " + status);
                }
                return Optional.of(readCapped(response.body(), current));
            }
        }
        throw new IOException("GET " + uri + ": more than " + policy.maxRedirects() + " redirects");
    }

    private HttpUrl checked(URI uri) throws RefusedUrlException {
        policy.checkUri(uri);
        HttpUrl url = HttpUrl.parse(uri.toString());
        if (url == null) {
            throw new RefusedUrlException(uri, "not an http(s) URL");
        }
        policy.checkHost(uri, url.host()); // the host as the client decoded it, which is what it connects to
        return url;
    }

    private Response execute(URI uri, Request request) throws IOException {
        try {
            return client.newCall(request).execute();
        } catch (IOException e) {
            if (RefusedUrlException.isRefusal(e)) {
                throw new RefusedUrlException(uri, reason(e));
            }
            throw e;
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedAddressException r) {
                return r.reason();
            }
        }
        return e.getMessage();
    }

    private static URI next(URI current, String location) throws IOException {
        try {
            return current.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new RefusedUrlException(current, "redirect to a malformed location");
        }
    }

    private byte[] readCapped(ResponseBody body, URI uri) throws IOException {
        if (body.contentLength() > policy.maxBytes()) {
            throw new IOException("GET " + uri + ": larger than " + policy.maxBytes() + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = body.byteStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + n > policy.maxBytes()) {
                    throw new IOException("GET " + uri + ": larger than " + policy.maxBytes() + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }
}
