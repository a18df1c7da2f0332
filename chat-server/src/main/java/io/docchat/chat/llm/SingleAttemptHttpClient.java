package io.docchat.chat.llm;

import com.openai.core.RequestOptions;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP transport of openai-java, on OkHttp with every retry of its own switched off, so that
 * {@link OpenAiLlmClient} really is the only retry layer. OkHttp silently repeats a request after a
 * connection failure, after a 408, and after a 503 carrying {@code Retry-After: 0}; the first two are
 * disabled by {@code retryOnConnectionFailure(false)}, the last by moving that header to
 * {@code retry-after-ms} (which OkHttp ignores and {@link RetryAfter} reads) before OkHttp sees it.
 */
final class SingleAttemptHttpClient implements HttpClient {

    /**
     * Told of each call this thread starts, for {@link StreamAttempt}: openai-java's streaming call returns only
     * once the response's headers are in, and a provider that queues a request may send them with its first token,
     * so until then closing the stream cannot stop it; cancelling the OkHttp call can.
     */
    private static final ThreadLocal<Consumer<Call>> CALL_STARTED = new ThreadLocal<>();

    private final OkHttpClient ok;
    private final long maxBodyBytes;

    /** Runs {@code work} with {@code onCall} told of each HTTP call it starts on this thread. */
    static <T> T watchingCalls(Consumer<Call> onCall, Supplier<T> work) {
        CALL_STARTED.set(onCall);
        try {
            return work.get();
        } finally {
            CALL_STARTED.remove();
        }
    }

    SingleAttemptHttpClient(Duration connect, Duration read, Duration call, long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.ok = new OkHttpClient.Builder()
                .connectTimeout(connect)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(call)
                .retryOnConnectionFailure(false)
                .addNetworkInterceptor(chain -> {
                    Response r = chain.proceed(chain.request());
                    if (r.code() == 503 && "0".equals(r.header("Retry-After")) && r.header("retry-after-ms") == null) {
                        return r.newBuilder().removeHeader("Retry-After").header("retry-after-ms", "0").build();
                    }
                    return r;
                })
                .build();
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions options) {
        try {
            Call call = ok.newCall(toOkHttp(request));
            Consumer<Call> onCall = CALL_STARTED.get();
            if (onCall != null) {
                onCall.accept(call);
            }
            Response response = call.execute();
            return new OkResponse(response, maxBodyBytes);
        } catch (IOException e) {
            throw new OpenAIIoException("request to the LLM endpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions options) {
        return CompletableFuture.supplyAsync(() -> execute(request, options));
    }

    @Override
    public void close() {
        ok.dispatcher().executorService().shutdown();
        ok.connectionPool().evictAll();
    }

    private static Request toOkHttp(HttpRequest request) throws IOException {
        HttpUrl.Builder url = HttpUrl.get(request.baseUrl()).newBuilder();
        request.pathSegments().forEach(url::addPathSegment);
        request.queryParams().keys().forEach(k -> request.queryParams().values(k).forEach(v -> url.addQueryParameter(k, v)));
        Request.Builder b = new Request.Builder().url(url.build());
        request.headers().names().forEach(n -> request.headers().values(n).forEach(v -> b.addHeader(n, v)));
        RequestBody body = null;
        if (request.body() != null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            request.body().writeTo(out);
            String type = request.body().contentType();
            body = RequestBody.create(out.toByteArray(), type == null ? null : MediaType.parse(type));
        } else if (request.method().name().equals("POST") || request.method().name().equals("PUT")
                || request.method().name().equals("PATCH")) {
            body = RequestBody.create(new byte[0], null);
        }
        return b.method(request.method().name(), body).build();
    }

    /** A body that fails with an IOException once more than {@code max} bytes have been read from it. */
    static final class CappedInputStream extends java.io.FilterInputStream {

        private final long max;
        private long read;

        CappedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException("the LLM response is larger than " + max + " bytes");
            }
        }
    }

    /** An OkHttp response seen through openai-java's interface; closing it aborts a running stream. */
    private static final class OkResponse implements HttpResponse {

        private final Response response;
        private final Headers headers;
        private final long maxBodyBytes;

        OkResponse(Response response, long maxBodyBytes) {
            this.response = response;
            this.maxBodyBytes = maxBodyBytes;
            Headers.Builder h = Headers.builder();
            response.headers().names().forEach(n -> h.put(n, response.headers(n)));
            this.headers = h.build();
        }

        @Override
        public int statusCode() {
            return response.code();
        }

        @Override
        public Headers headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return new CappedInputStream(response.body().byteStream(), maxBodyBytes);
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
