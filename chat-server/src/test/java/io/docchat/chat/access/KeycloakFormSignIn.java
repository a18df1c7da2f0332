package io.docchat.chat.access;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signs in on a private-mode chat server through Keycloak's own login form over plain HTTP, hop by hop as a
 * browser would (authorization code with PKCE, Keycloak's cookies kept): faster than a headless browser, and the
 * same provider, form and redirects. Cookies are kept by name for both hosts (both on the loopback).
 */
final class KeycloakFormSignIn {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|"
            + "<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"");

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Signs {@code user} in on the server at {@code app}; returns the value of its {@code DOCCHAT_SESSION} cookie. */
    static String signIn(String app, String keycloak, String user, String password) throws Exception {
        KeycloakFormSignIn browser = new KeycloakFormSignIn();
        HttpResponse<String> toSignIn = browser.get(app + "/");
        // a cold server's first connection to Redis (the session store) may miss its 500 ms connect timeout on a
        // busy machine: that page is a retryable 503 (Retry-After), as a browser would be told
        for (long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
             toSignIn.statusCode() == 503 && System.nanoTime() < until; ) {
            Thread.sleep(500);
            toSignIn = browser.get(app + "/");
        }
        assertThat(toSignIn.statusCode()).as("a page in private mode sends to sign-in").isEqualTo(302);
        HttpResponse<String> toKeycloak = browser.get(next(app, toSignIn));
        String authorize = next(app, toKeycloak);
        assertThat(authorize).startsWith(keycloak + "/realms/docchat/").contains("code_challenge_method=S256");
        HttpResponse<String> loginPage = browser.get(authorize);
        assertThat(loginPage.statusCode()).as("Keycloak's login page").isEqualTo(200);
        Matcher form = FORM.matcher(loginPage.body());
        assertThat(form.find()).as("Keycloak's login form in %s", loginPage.body()).isTrue();
        String action = (form.group(1) != null ? form.group(1) : form.group(2)).replace("&amp;", "&");
        String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(posted.statusCode()).as("Keycloak accepted the password: %s", posted.body()).isEqualTo(302);
        String callback = next(action, posted);
        assertThat(callback).startsWith(app + "/login/oauth2/code/");
        HttpResponse<String> done = browser.get(callback);
        assertThat(done.statusCode()).as("signed in: %s", done.body()).isEqualTo(302);
        String session = browser.cookies.get("DOCCHAT_SESSION");
        assertThat(session).as("the session cookie").isNotBlank();
        return session;
    }

    private static String next(String from, HttpResponse<String> res) {
        return URI.create(from).resolve(res.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no redirect from " + res.uri() + ": " + res.statusCode()))).toString();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        request.timeout(Duration.ofSeconds(30));
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
}
