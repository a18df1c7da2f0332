package io.docchat.chat.web;

import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages when the server's rate limit is reached (429 with Retry-After): a countdown from the server's
 * Retry-After, no requests meanwhile, the question kept, and asking again once it has run out. A server of its
 * own (same corpus) with 2 requests per 6 s for anonymous callers (a token every 3 s), so the countdown is short.
 */
class RateLimitCountdownBrowserIT {

    private static final ChatStack stack = ChatStack.get();
    private static HeadlessChromium browser;
    private static WebDriver driver;
    private static ChatStack.Server server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = stack.startServer(Map.of(
                "docchat.ratelimit.anonymous-capacity", "2",
                "docchat.ratelimit.period", "6s",
                "docchat.ratelimit.key-prefix", "it:countdown:" + UUID.randomUUID() + ":ratelimit:"));
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
    }

    @BeforeEach
    void reset() {
        stack.llm().reset();
        stack.clearAnswerCache();
        driver.manage().deleteAllCookies();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(20));
    }

    /** Spends this address's bucket (the browser shares it: anonymous callers are limited per address). */
    private void exhaust() throws IOException, InterruptedException {
        for (int i = 0; i < 20; i++) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/search?q=keys")).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 429) {
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                return;
            }
        }
        throw new AssertionError("the limit of 2 per 6 s was never reached");
    }

    @Test
    void aRateLimitedQuestionCountsDownFromRetryAfterAndCanBeSentAfterwards() throws Exception {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        driver.get(server.baseUrl() + "/");
        WebElement box = waiting().until(d -> d.findElement(By.id("question")));
        Thread.sleep(200); // the page's own first calls are done
        exhaust();
        box.sendKeys("Which port does the server listen on?");
        box.sendKeys(Keys.ENTER);
        WebElement notice = waiting().until(d -> {
            WebElement n = d.findElement(By.cssSelector("article.message.assistant .notice"));
            return n.isDisplayed() && n.getAttribute("data-retry-in") != null ? n : null;
        });
        int first = Integer.parseInt(notice.getAttribute("data-retry-in"));
        assertThat(first).isBetween(1, 6);
        assertThat(notice.getText()).contains("You can ask again in " + first + " s");
        browser.screenshot("chat-rate-limited");
        WebElement send = driver.findElement(By.id("send"));
        assertThat(send.isEnabled()).as("no sending while the limit lasts").isFalse();
        assertThat(box.getAttribute("value")).as("the question is kept").isEqualTo("Which port does the server listen on?");
        if (first > 1) {
            waiting().until(d -> {
                String left = notice.getAttribute("data-retry-in");
                return left == null || Integer.parseInt(left) < first;
            });
        }
        waiting().until(d -> notice.getText().contains("You can ask again now"));
        assertThat(send.isEnabled()).isTrue();
        send.click();
        waiting().until(d -> d.findElements(By.cssSelector("article.message.assistant[data-message-id]")).size() == 1);
    }

    @Test
    void aRateLimitedSearchCountsDownAndSearchesAgainByItself() throws Exception {
        driver.get(server.baseUrl() + "/search.html");
        WebElement box = waiting().until(d -> d.findElement(By.id("q")));
        exhaust();
        box.sendKeys("signing keys");
        WebElement status = driver.findElement(By.id("status"));
        waiting().until(d -> status.getAttribute("data-retry-in") != null);
        assertThat(status.getText()).containsPattern("Searching again in \\d s");
        assertThat(driver.findElements(By.cssSelector("#results li"))).isEmpty();
        waiting().until(d -> !d.findElements(By.cssSelector("#results li[role=option]")).isEmpty());
        assertThat(status.getText()).contains("results");
    }
}
