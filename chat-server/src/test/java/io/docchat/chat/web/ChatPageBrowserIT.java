package io.docchat.chat.web;

import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat page in headless Chromium (Debian's chromium and chromedriver, see ops/dev/install-browser)
 * against the running server with the fake LLM. Skipped, with a message, when no browser is installed.
 */
class ChatPageBrowserIT {

    private static WebDriver driver;
    private static Path profile;
    private final ChatStack stack = ChatStack.get();

    @BeforeAll
    static void startBrowser() throws IOException {
        File chromium = executable("chromium", "chromium-browser", "google-chrome");
        File chromedriver = executable("chromedriver");
        if (chromium == null || chromedriver == null) {
            throw new IllegalStateException("the browser tests need chromium and chromedriver: run ops/dev/install-browser as root");
        }
        profile = Files.createTempDirectory("docchat-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void reset() {
        stack.llm().reset();
        stack.clearAnswerCache();
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.manage().deleteAllCookies();
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

    private WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(20));
    }

    private WebElement ask(String question) {
        driver.get(stack.baseUrl() + "/");
        WebElement box = waiting().until(d -> d.findElement(By.id("question")));
        box.sendKeys(question);
        box.sendKeys(Keys.ENTER);
        return waiting().until(d -> d.findElement(By.cssSelector("article.message.assistant")));
    }

    private static String console() {
        StringBuilder sb = new StringBuilder();
        driver.manage().logs().get("browser").forEach(e -> sb.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n'));
        return sb.toString();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    @Test
    void aStreamedAnswerAppearsWithClickableCitationsAndFeedbackIsStored() {
        stack.llm().respondWith(r -> FakeOpenAi.slowAnswer(
                "To rotate keys run:\n\n```\ndocchat keys rotate\n```\n\nThe old key stays valid for a day [1].", 120));
        WebElement answer = ask("How do I rotate the signing keys?");

        AtomicBoolean sawPartial = new AtomicBoolean();
        waiting().until(d -> {
            String busy = answer.getAttribute("aria-busy");
            String text = answer.findElement(By.cssSelector(".content")).getText();
            if ("true".equals(busy) && text.contains("rotate") && !text.contains("valid for a day")) {
                sawPartial.set(true);
            }
            return "false".equals(busy);
        });
        assertThat(sawPartial).as("tokens were shown while the answer was still streaming; console: %s", console()).isTrue();

        WebElement cite = answer.findElement(By.cssSelector(".content a.cite"));
        assertThat(cite.getText()).isEqualTo("[1]");
        assertThat(cite.getAttribute("href")).startsWith(ChatStack.url("keys"));
        assertThat(answer.findElements(By.cssSelector(".sources a"))).isNotEmpty();
        assertThat(answer.findElements(By.cssSelector(".content pre button.copy"))).hasSize(1);

        answer.findElement(By.cssSelector("button.thumb.up")).click();
        waiting().until(d -> answer.findElement(By.cssSelector(".feedback-status")).getText().contains("Thanks"));
        UUID messageId = UUID.fromString(answer.getAttribute("data-message-id"));
        Short satisfaction = stack.jdbc().sql("SELECT satisfaction FROM chat.query_analytics WHERE message_id = ?")
                .param(messageId).query(Short.class).single();
        assertThat(satisfaction).isEqualTo((short) 1);
        // The conversation list shows the new conversation.
        waiting().until(d -> !d.findElements(By.cssSelector("#conversations li button.open")).isEmpty());
    }

    @Test
    void modelOutputWithScriptsHandlersJavascriptLinksAndExternalImagesRunsNothingAndFetchesNothing() throws IOException {
        try (MockWebServer outside = new MockWebServer()) {
            outside.start();
            String ext = "http://127.0.0.1:" + outside.getPort();
            String evil = String.join(" ",
                    "Careful [1]. <script>window.__pwned='script'</script>",
                    "<img src=\"x\" onerror=\"window.__pwned='onerror'\">",
                    "[click me](javascript:window.__pwned='link')",
                    "<a href=\"javascript:window.__pwned='a'\">tap</a>",
                    "![tracker](" + ext + "/pixel.png)",
                    "<img src=\"" + ext + "/raw.png\">",
                    "<iframe src=\"" + ext + "/frame\"></iframe>",
                    "<svg onload=\"window.__pwned='svg'\"></svg>",
                    "<div style=\"background:url(" + ext + "/bg.png)\">styled</div>");
            stack.llm().respondWith(r -> FakeOpenAi.answer(evil));
            WebElement answer = ask("How do I rotate the signing keys?");
            waiting().until(d -> "false".equals(answer.getAttribute("aria-busy")));

            List<WebElement> links = answer.findElements(By.cssSelector(".content a"));
            for (WebElement a : links) {
                String href = a.getAttribute("href");
                assertThat(href == null || href.startsWith("http")).as("link %s", href).isTrue();
            }
            for (WebElement a : answer.findElements(By.xpath(".//div[contains(@class,'content')]//a[not(@href)]"))) {
                a.click();
            }
            assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
            assertThat(answer.findElements(By.cssSelector(".content script, .content iframe, .content svg"))).isEmpty();
            assertThat(answer.findElements(By.cssSelector(".content img[src^='http']"))).isEmpty();
            assertThat(answer.findElement(By.cssSelector(".content")).getText())
                    .as("raw HTML is shown as text; console: %s", console()).contains("<script>");
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                    .until(() -> outside.getRequestCount() == 0);
            assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
        }
    }

    @Test
    void anExtractiveAnswerIsLabelledAndACutAnswerSaysSo() {
        stack.llm().enqueue(FakeOpenAi.error(429, "insufficient_quota", null));
        WebElement extractive = ask("Which port does the server listen on?");
        waiting().until(d -> "false".equals(extractive.getAttribute("aria-busy")));
        WebElement badge = extractive.findElement(By.cssSelector(".badge"));
        assertThat(badge.isDisplayed()).isTrue();
        assertThat(badge.getText()).contains("Extractive answer");
        assertThat(extractive.findElements(By.cssSelector(".content a.cite"))).isNotEmpty();

        stack.llm().reset();
        stack.llm().respondWith(r -> FakeOpenAi.cutAfter("Snapshots are copied [1] every"));
        WebElement cut = ask("How often are snapshots copied to S3?");
        waiting().until(d -> "false".equals(cut.getAttribute("aria-busy")));
        assertThat(cut.findElement(By.cssSelector(".content")).getText()).contains("Snapshots are copied");
        WebElement notice = cut.findElement(By.cssSelector(".notice"));
        assertThat(notice.isDisplayed()).isTrue();
        assertThat(notice.getText()).contains("cut off");
    }

    @Test
    void searchPageShowsResultsAsYouTypeAndMovesWithTheArrowKeys() {
        driver.get(stack.baseUrl() + "/search.html");
        WebElement box = waiting().until(d -> d.findElement(By.id("q")));
        box.sendKeys("rotate signing keys");
        waiting().until(d -> d.findElements(By.cssSelector("#results li[role=option]")).size() >= 2);
        List<WebElement> results = driver.findElements(By.cssSelector("#results li[role=option]"));
        assertThat(results.getFirst().findElement(By.cssSelector(".title")).getText()).isEqualTo("Rotating signing keys");
        assertThat(results.getFirst().findElement(By.cssSelector(".title")).getAttribute("href")).startsWith(ChatStack.url("keys"));
        box.sendKeys(Keys.ARROW_DOWN);
        assertThat(results.get(0).getAttribute("aria-selected")).isEqualTo("true");
        box.sendKeys(Keys.ARROW_DOWN);
        assertThat(results.get(0).getAttribute("aria-selected")).isEqualTo("false");
        assertThat(results.get(1).getAttribute("aria-selected")).isEqualTo("true");
        assertThat(box.getAttribute("aria-activedescendant")).isEqualTo(results.get(1).getAttribute("id"));
        box.sendKeys(Keys.ESCAPE);
        waiting().until(d -> d.findElements(By.cssSelector("#results li")).isEmpty());
        assertThat(box.getAttribute("value")).isEmpty();
    }

    @Test
    void worksOnAPhoneSizedScreen() {
        driver.manage().window().setSize(new Dimension(390, 844));
        stack.llm().respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        WebElement answer = ask("Which port does the server listen on?");
        waiting().until(d -> "false".equals(answer.getAttribute("aria-busy")));
        assertThat(driver.findElement(By.id("toggle-sidebar")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("question")).isDisplayed()).isTrue();
        long scrollWidth = (Long) js("return document.documentElement.scrollWidth");
        assertThat(scrollWidth).as("no horizontal scrolling").isLessThanOrEqualTo(390);
        driver.findElement(By.id("toggle-sidebar")).click();
        waiting().until(d -> d.findElement(By.id("new-chat")).isDisplayed());
    }
}
