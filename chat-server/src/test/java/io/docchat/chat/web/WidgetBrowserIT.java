package io.docchat.chat.web;

import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embeddable widget from docs sites on other origins ({@code localhost} ports, the chat server on
 * {@code 127.0.0.1}: other sites, not only other origins): the allowed site gets the button, the panel opens and
 * a question is answered inside it; a site not on the allow-list gets no button, and its hand-made iframe of the
 * chat is refused by the browser (frame-ancestors). Plus the headers themselves, over HTTP.
 */
class WidgetBrowserIT {

    private static final ChatStack stack = ChatStack.get();
    private static HeadlessChromium browser;
    private static WebDriver driver;
    private static DocsSite allowed;
    private static DocsSite other;
    private static ChatStack.Server server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        allowed = new DocsSite("localhost", 18401, 18449);
        other = new DocsSite("localhost", 18450, 18499);
        server = stack.startServer(Map.of("docchat.page.embed-origins", allowed.origin() + ", https://docs.example.test",
                "docchat.page.title", "Acme help"));
        allowed.embed(server.baseUrl());
        other.embed(server.baseUrl());
        browser = new HeadlessChromium();
        driver = browser.driver();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (allowed != null) {
            allowed.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @BeforeEach
    void reset() {
        stack.llm().reset();
        stack.clearAnswerCache();
        driver.switchTo().defaultContent();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(20));
    }

    @Test
    void anAllowedSiteGetsTheButtonThePanelOpensAndAQuestionIsAnswered() {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Rotate them with docchat keys rotate [1]."));
        driver.get(allowed.origin() + "/");
        SearchContext widget = waiting().until(d -> d.findElement(By.id("docchat-widget"))).getShadowRoot();
        WebElement launcher = widget.findElement(By.cssSelector("button.launcher"));
        assertThat(launcher.getAttribute("aria-label")).isEqualTo("Open Acme help");
        assertThat(launcher.findElements(By.cssSelector("svg"))).hasSize(1);
        WebElement panel = widget.findElement(By.cssSelector(".panel"));
        assertThat(panel.isDisplayed()).isFalse();

        launcher.click();
        assertThat(panel.isDisplayed()).isTrue();
        assertThat(launcher.getAttribute("aria-expanded")).isEqualTo("true");
        WebElement frame = widget.findElement(By.cssSelector(".panel iframe"));
        assertThat(frame.getAttribute("src")).isEqualTo(server.baseUrl() + "/embed.html");
        driver.switchTo().frame(frame);
        WebElement box = waiting().until(d -> d.findElement(By.id("question")));
        waiting().until(d -> "Acme help".equals(d.findElement(By.id("site-title")).getText()));
        box.sendKeys("How do I rotate the signing keys?");
        box.sendKeys(Keys.ENTER);
        WebElement answer = waiting().until(d -> d.findElements(By.cssSelector("article.message.assistant[data-message-id]"))
                .stream().findFirst().orElse(null));
        assertThat(answer.findElement(By.cssSelector(".content")).getText()).contains("docchat keys rotate");
        assertThat(answer.findElement(By.cssSelector(".content a.cite")).getAttribute("target")).isEqualTo("_blank");
        driver.switchTo().defaultContent();
        browser.screenshot("widget-open");

        SearchContext again = driver.findElement(By.id("docchat-widget")).getShadowRoot();
        again.findElement(By.cssSelector("button.close")).click();
        assertThat(again.findElement(By.cssSelector(".panel")).isDisplayed()).isFalse();
        // the site's own iframe of the chat loads too: it is on the list
        driver.switchTo().frame(driver.findElement(By.id("direct")));
        waiting().until(d -> !d.findElements(By.id("question")).isEmpty());
    }

    @Test
    void aSiteNotOnTheListGetsNoButtonAndCannotFrameTheChat() {
        driver.get(other.origin() + "/");
        waiting().until(d -> !d.findElements(By.id("direct")).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> driver.findElements(By.id("docchat-widget")).isEmpty());
        assertThat(browser.console()).contains("does not allow " + other.origin());
        driver.switchTo().frame(driver.findElement(By.id("direct")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> driver.findElements(By.id("question")).isEmpty());
    }

    @Test
    void theHeadersFollowTheAllowList() throws Exception {
        HttpResponse<String> embed = get("/embed.html", null);
        assertThat(embed.statusCode()).isEqualTo(200);
        assertThat(embed.headers().allValues("Content-Security-Policy"))
                .containsExactly("frame-ancestors 'self' " + allowed.origin() + " https://docs.example.test");
        assertThat(embed.headers().firstValue("X-Frame-Options")).isEmpty();
        for (String page : new String[]{"/", "/search.html", "/api/v1/session"}) {
            assertThat(get(page, null).headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
        }

        HttpResponse<String> ok = get("/widget/config", allowed.origin());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(allowed.origin());
        assertThat(ok.body()).contains("\"title\":\"Acme help\"");

        HttpResponse<String> refused = get("/widget/config", other.origin());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(refused.body()).contains("DOCCHAT_EMBED_ORIGINS");

        HttpResponse<String> sameSite = get("/widget/config", null);
        assertThat(sameSite.statusCode()).as("the chat server's own pages (no Origin on a GET)").isEqualTo(200);
    }

    @Test
    void withoutAnAllowListOnlyTheServerItselfMayFrameTheChat() throws Exception {
        HttpResponse<String> embed = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/embed.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(embed.headers().allValues("Content-Security-Policy")).containsExactly("frame-ancestors 'self'");
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/widget/config"))
                .header("Origin", allowed.origin()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> get(String path, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
