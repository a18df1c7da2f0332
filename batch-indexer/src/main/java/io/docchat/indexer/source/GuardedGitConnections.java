package io.docchat.indexer.source;

import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JGit's HTTP connections for git sources, on the same guarded client as sitemaps ({@link HttpFetcher#client}):
 * every URL JGit asks for (the repository, and any URL a dumb server's {@code http-alternates} points at) passes
 * {@link UrlPolicy#checkUri}, names are resolved once and the connection pinned to the checked address
 * ({@link GuardedDns}), redirects are never followed and no proxy is used. JGit's default connection (the JDK's
 * {@code HttpURLConnection}) resolves names itself, after our check, which DNS rebinding defeats.
 * Request bodies (fetch negotiation, a few KB) are buffered and sent when the response is first asked for.
 */
final class GuardedGitConnections implements HttpConnectionFactory {

    private final UrlPolicy policy;
    private final OkHttpClient client;

    GuardedGitConnections(UrlPolicy policy, GuardedDns.Resolver resolver) {
        this.policy = policy;
        this.client = HttpFetcher.client(policy, resolver).newBuilder().callTimeout(Duration.ZERO).build();
    }

    @Override
    public HttpConnection create(URL url) {
        return new Connection(url);
    }

    @Override
    public HttpConnection create(URL url, Proxy ignoredProxy) {
        return new Connection(url); // never through a proxy: it would resolve the name itself
    }

    private final class Connection implements HttpConnection {

        private final URL url;
        private final Headers.Builder headers = new Headers.Builder();
        private OkHttpClient.Builder options = client.newBuilder();
        private String method = "GET";
        private ByteArrayOutputStream body;
        private Response response;

        Connection(URL url) {
            this.url = url;
        }

        private Response response() throws IOException {
            if (response == null) {
                HttpUrl target;
                try {
                    policy.checkUri(url.toURI());
                    target = HttpUrl.get(url.toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new RefusedUrlException(url, "not an http(s) URL");
                }
                policy.checkHost(url, target.host());
                String type = headers.get("Content-Type");
                RequestBody payload = body == null && !method.equals("POST") && !method.equals("PUT") ? null
                        : RequestBody.create(body == null ? new byte[0] : body.toByteArray(), type == null ? null : MediaType.parse(type));
                Request request = new Request.Builder().url(target).headers(headers.build()).method(method, payload).build();
                try {
                    response = options.build().newCall(request).execute();
                } catch (IOException e) {
                    throw RefusedUrlException.isRefusal(e) ? new RefusedUrlException(url, e.getMessage()) : e;
                }
            }
            return response;
        }

        @Override
        public int getResponseCode() throws IOException {
            return response().code();
        }

        @Override
        public URL getURL() {
            return url;
        }

        @Override
        public String getResponseMessage() throws IOException {
            return response().message();
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (response != null) {
                fields.putAll(response.headers().toMultimap());
            }
            return fields;
        }

        @Override
        public void setRequestProperty(String key, String value) {
            headers.set(key, value);
        }

        @Override
        public void setRequestMethod(String method) {
            this.method = method;
        }

        @Override
        public void setUseCaches(boolean usecaches) {
        }

        @Override
        public void setConnectTimeout(int timeout) {
            options = options.connectTimeout(Duration.ofMillis(timeout));
        }

        @Override
        public void setReadTimeout(int timeout) {
            options = options.readTimeout(Duration.ofMillis(timeout));
        }

        @Override
        public String getContentType() {
            return response == null ? null : response.header("Content-Type");
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return response().body().byteStream();
        }

        @Override
        public String getHeaderField(String name) {
            return response == null ? null : response.header(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            return response == null ? List.of() : response.headers(name);
        }

        @Override
        public int getContentLength() {
            long length = response == null ? -1 : response.body().contentLength();
            return length > Integer.MAX_VALUE ? -1 : (int) length;
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            // never: every hop must pass the address rules, and git sources do not follow redirects at all
        }

        @Override
        public void setDoOutput(boolean dooutput) {
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
        }

        @Override
        public OutputStream getOutputStream() {
            if (body == null) {
                body = new ByteArrayOutputStream();
            }
            return body;
        }

        @Override
        public void setChunkedStreamingMode(int chunklen) {
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public boolean usingProxy() {
            return false;
        }

        @Override
        public void connect() throws IOException {
            response();
        }

        @Override
        public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws NoSuchAlgorithmException, KeyManagementException {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(km, tm, random);
            if (tm != null && tm.length > 0 && tm[0] instanceof X509TrustManager trust) {
                options = options.sslSocketFactory(context.getSocketFactory(), trust);
            }
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier hostnameVerifier) {
            options = options.hostnameVerifier(hostnameVerifier);
        }
    }
}
