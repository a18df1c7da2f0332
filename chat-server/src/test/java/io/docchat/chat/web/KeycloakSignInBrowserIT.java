package io.docchat.chat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Private mode end to end in headless Chromium against the local Keycloak (ops/dev/keycloak/kc, started by
 * ops/dev/test): sign in on Keycloak's own login page as a demo user, ask, see a cited answer, sign out, and
 * the session is gone on both chat-server instances (they share Redis) and at Keycloak. Then a group removed
 * through Keycloak's admin API is gone from the session at the next token refresh. Fails, never skips, when
 * Keycloak or Chromium is missing: ops/dev/test installs and starts both.
 */
class KeycloakSignInBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEYCLOAK = System.getProperty("docchat.it.keycloak.url",
            System.getenv().getOrDefault("DOCCHAT_KEYCLOAK_URL", "http://localhost:8180"));
    private static final ChatStack stack = ChatStack.get();

    private static WebDriver driver;
    private static Path profile;
    private static KeycloakAdmin admin;
    private static String clientId;
    private static ChatStack.Server a;
    private static ChatStack.Server b;

    @BeforeAll
    static void start() throws Exception {
        waitForKeycloak();
        admin = new KeycloakAdmin(KEYCLOAK);
        // A client of this run, with short access tokens so a refresh comes within seconds (the demo client keeps 60 s).
        clientId = "docchat-it-" + Long.toHexString(System.nanoTime());
        String secret = admin.createClient(clientId, 5);
        Map<String, String> p = new HashMap<>();
        p.put("docchat.security.mode", "private");
        p.put("docchat.security.oidc.issuer-uri", KEYCLOAK + "/realms/docchat");
        p.put("docchat.security.oidc.client-id", clientId);
        p.put("docchat.security.oidc.client-secret", secret);
        p.put("docchat.security.oidc.refresh-skew", "0s");
        p.put("docchat.security.cookie-secure", "false");
        a = stack.startServer(p);
        b = stack.startServer(p);
        driver = browser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {a, b}) {
            if (c != null) {
                c.close();
            }
        }
        if (admin != null && clientId != null) {
            admin.deleteClient(clientId);
        }
    }

    /** ops/dev/test starts Keycloak beside the build; it may still be starting when this test begins. */
    private static void waitForKeycloak() throws InterruptedException {
        URI discovery = URI.create(KEYCLOAK + "/realms/docchat/.well-known/openid-configuration");
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.getLong("docchat.it.keycloak.wait-seconds", 180)).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                int status = HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1000);
        }
        fail("Keycloak with realm docchat is not running at " + KEYCLOAK + " (ops/dev/keycloak/kc start): " + last);
    }

    private static WebDriver browser() throws IOException {
        File chromium = executable("chromium", "chromium-browser", "google-chrome");
        File chromedriver = executable("chromedriver");
        if (chromium == null || chromedriver == null) {
            fail("chromium and chromedriver are not installed (ops/dev/install-browser as root)");
        }
        profile = Files.createTempDirectory("docchat-chromium-signin");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static File executable(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f;
                }
            }
        }
        return null;
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
    }

    /** Opens a page of {@code server}; it sends to Keycloak's login page, where the user signs in. */
    private static void signIn(ChatStack.Server server, String user, String password) {
        driver.get(server.baseUrl() + "/");
        waiting().until(d -> d.getCurrentUrl().startsWith(KEYCLOAK) && !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        waiting().until(d -> d.getCurrentUrl().startsWith(server.baseUrl()) && !d.findElements(By.id("user-name")).isEmpty());
    }

    private static JsonNode session(ChatStack.Server server, String cookie) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/session"))
                .header("Cookie", "DOCCHAT_SESSION=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(res.body());
    }

    private static int search(ChatStack.Server server, String cookie) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/search?q=keys"))
                .header("Cookie", "DOCCHAT_SESSION=" + cookie).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void signInOnKeycloakAskSeeACitedAnswerSignOutAndTheSessionIsGoneEverywhere() throws Exception {
        driver.manage().deleteAllCookies();
        signIn(a, "alice", "alice-demo");
        assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("alice");

        stack.llm().respondWith(r -> FakeOpenAi.answer("Run docchat keys rotate; the old key stays valid for a day [1]."));
        WebElement box = waiting().until(d -> d.findElement(By.id("question")));
        box.sendKeys("How do I rotate the signing keys?");
        box.sendKeys(Keys.ENTER);
        WebElement answer = waiting().until(d -> d.findElement(By.cssSelector("article.message.assistant")));
        waiting().until(d -> "false".equals(answer.getAttribute("aria-busy")));
        WebElement cite = answer.findElement(By.cssSelector(".content a.cite"));
        assertThat(cite.getText()).isEqualTo("[1]");
        assertThat(cite.getAttribute("href")).startsWith(ChatStack.url("keys"));

        Cookie session = driver.manage().getCookieNamed("DOCCHAT_SESSION");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        for (ChatStack.Server s : new ChatStack.Server[] {a, b}) {
            assertThat(session(s, session.getValue()).get("name").asText()).isEqualTo("alice");
        }

        // The other replica serves the same browser (cookies are per host, not per port) and signs it out.
        driver.get(b.baseUrl() + "/");
        waiting().until(d -> d.findElements(By.id("sign-out")).stream().findFirst().orElse(null)).click();
        // Keycloak's session ended too: back on a page, the browser must sign in again on Keycloak's form.
        waiting().until(d -> d.getCurrentUrl().startsWith(KEYCLOAK) && !d.findElements(By.id("username")).isEmpty());
        for (ChatStack.Server s : new ChatStack.Server[] {a, b}) {
            assertThat(session(s, session.getValue()).get("signedIn").asBoolean()).isFalse();
            assertThat(search(s, session.getValue())).isEqualTo(401);
        }
    }

    @Test
    void aGroupRemovedAtKeycloakLeavesTheSessionAtTheNextRefresh() throws Exception {
        String user = "it-" + Long.toHexString(System.nanoTime());
        String userId = admin.createUser(user, "it-password-1", "engineering", "sales");
        try {
            driver.manage().deleteAllCookies();
            signIn(a, user, "it-password-1");
            String cookie = driver.manage().getCookieNamed("DOCCHAT_SESSION").getValue();
            assertThat(session(b, cookie).get("groups").toString()).isEqualTo("[\"engineering\",\"sales\"]");
            admin.removeFromGroup(userId, "engineering");
            long removed = System.nanoTime();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> session(a, cookie).get("groups").toString().equals("[\"sales\"]"));
            System.out.printf("group removal reached the session after %d ms%n", (System.nanoTime() - removed) / 1_000_000);
            assertThat(session(b, cookie).get("groups").toString()).isEqualTo("[\"sales\"]");
            assertThat(session(b, cookie).get("signedIn").asBoolean()).isTrue();
        } finally {
            admin.deleteUser(userId);
        }
    }
}
