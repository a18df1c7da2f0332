package io.docchat.chat.web;

import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat and search pages' features in headless Chromium, against a real chat server (its own two-source
 * corpus, a configured title and starter questions) with the fake LLM: the thumbs-down reason reaches the
 * database, copy, regenerate, source previews, starter questions, Ctrl-K, search filters and paging, and
 * search-as-you-type sparing the hourly limit. The rate-limit countdown and the widget have their own classes.
 */
class PageBrowserIT {

    static final String TITLE = "Acme Docs";
    static final List<String> STARTERS = List.of("How do I rotate the signing keys?", "Where are backups kept?");

    private static final ChatStack stack = ChatStack.get();
    private static HeadlessChromium browser;
    private static WebDriver driver;
    private static PageCorpus corpus;
    private static ChatStack.Server server;

    @BeforeAll
    static void start() throws IOException {
        corpus = PageCorpus.index();
        server = stack.startServer(corpus.serverSettings(Map.of(
                "docchat.page.title", TITLE,
                "docchat.page.starter-questions", String.join(" | ", STARTERS))));
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
        if (corpus != null) {
            corpus.close();
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

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private WebElement ask(String question) {
        driver.get(server.baseUrl() + "/");
        WebElement box = waiting().until(d -> d.findElement(By.id("question")));
        box.sendKeys(question);
        box.sendKeys(Keys.ENTER);
        return answered();
    }

    private WebElement answered() {
        WebElement answer = waiting().until(d -> d.findElements(By.cssSelector("article.message.assistant")).stream()
                .filter(a -> "false".equals(a.getAttribute("aria-busy")) && a.getAttribute("data-message-id") != null)
                .reduce((a, b) -> b).orElse(null));
        return answer;
    }

    @Test
    void thumbsDownOpensAReasonBoxAndTheReasonIsStoredWithTheRating() {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Rotate them with docchat keys rotate [1]."));
        WebElement answer = ask("How do I rotate the signing keys?");
        UUID messageId = UUID.fromString(answer.getAttribute("data-message-id"));

        answer.findElement(By.cssSelector("button.thumb.down")).click();
        WebElement reason = waiting().until(d -> d.findElement(By.cssSelector("form.reason textarea")));
        assertThat(driver.switchTo().activeElement()).as("the reason box takes the focus").isEqualTo(reason);
        assertThat(rating(messageId)).as("thumbs down counts before any reason is given").isEqualTo((short) -1);

        reason.sendKeys("It does not say how long the old key stays valid.");
        browser.screenshot("chat-reason-box");
        driver.findElement(By.cssSelector("form.reason button.send-reason")).click();
        waiting().until(d -> d.findElements(By.cssSelector("form.reason")).isEmpty());
        assertThat(answer.findElement(By.cssSelector(".feedback-status")).getText()).contains("note was sent");
        Map<String, Object> row = stack.jdbc().sql("SELECT satisfaction, feedback_reason FROM chat.query_analytics WHERE message_id = ?")
                .param(messageId).query().singleRow();
        assertThat(((Number) row.get("satisfaction")).intValue()).isEqualTo(-1);
        assertThat(row.get("feedback_reason")).isEqualTo("It does not say how long the old key stays valid.");
        assertThat(answer.findElement(By.cssSelector("button.thumb.down")).getAttribute("aria-pressed")).isEqualTo("true");

        answer.findElement(By.cssSelector("button.thumb.up")).click();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rating(messageId) == 1);
    }

    private Short rating(UUID messageId) {
        return stack.jdbc().sql("SELECT satisfaction FROM chat.query_analytics WHERE message_id = ?")
                .param(messageId).query(Short.class).single();
    }

    @Test
    void copyPutsTheWholeAnswerOnTheClipboard() {
        String text = "Run `docchat keys rotate` [1].\n\nThe old key stays valid for a day.";
        stack.llm().respondWith(r -> FakeOpenAi.answer(text));
        WebElement answer = ask("How do I rotate the signing keys?");
        ((ChromeDriver) driver).executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.baseUrl(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        answer.findElement(By.cssSelector("button.copy-answer")).click();
        waiting().until(d -> answer.findElement(By.cssSelector(".feedback-status")).getText().contains("copied"));
        Object clipboard = ((JavascriptExecutor) driver).executeAsyncScript(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('failed: ' + e))");
        assertThat(clipboard).isEqualTo(text);
    }

    @Test
    void regenerateAsksAgainAndReplacesTheAnswer() {
        AtomicInteger n = new AtomicInteger();
        // asked again in the same conversation, the question first goes through the condenser: it stays as it was
        stack.llm().respondWith(r -> FakeOpenAi.prompt(r).contains("Rewrite the follow-up")
                ? FakeOpenAi.answer("Where are backups kept?")
                : FakeOpenAi.answer("Answer number " + n.incrementAndGet() + " [1]."));
        WebElement first = ask("Where are backups kept?");
        String firstText = first.findElement(By.cssSelector(".content")).getText();
        assertThat(firstText).startsWith("Answer number");
        int before = stack.llm().requestCount();

        first.findElement(By.cssSelector("button.regenerate")).click();
        WebElement second = waiting().until(d -> {
            List<WebElement> all = d.findElements(By.cssSelector("article.message.assistant"));
            return all.size() == 1 && "false".equals(all.getFirst().getAttribute("aria-busy"))
                    && all.getFirst().getAttribute("data-message-id") != null ? all.getFirst() : null;
        });
        assertThat(second.findElement(By.cssSelector(".content")).getText()).startsWith("Answer number").isNotEqualTo(firstText);
        assertThat(stack.llm().requestCount()).as("the model was asked again").isGreaterThan(before);
        assertThat(driver.findElements(By.cssSelector(".message.user"))).as("the question is not repeated").hasSize(1);
        assertThat(driver.findElements(By.cssSelector("button.regenerate"))).as("only on the latest answer").hasSize(1);
    }

    @Test
    void sourcesExpandToTheirPassageAndACitationShowsItOnHover() {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Snapshots go to S3 every night [1]."));
        WebElement answer = ask("Where are backups kept?");
        WebElement toggle = answer.findElement(By.cssSelector(".sources li button.preview-toggle"));
        WebElement preview = answer.findElement(By.cssSelector(".sources li .preview"));
        assertThat(preview.isDisplayed()).isFalse();
        toggle.click();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(preview.isDisplayed()).isTrue();
        assertThat(preview.getText()).isNotBlank();

        WebElement cite = answer.findElement(By.cssSelector(".content .cite[data-n='1']"));
        new Actions(driver).moveToElement(cite).perform();
        WebElement tip = waiting().until(d -> {
            WebElement t = d.findElement(By.id("cite-preview"));
            return t.isDisplayed() ? t : null;
        });
        browser.screenshot("chat-citation-preview");
        String firstSourceTitle = answer.findElement(By.cssSelector(".sources li a, .sources li span")).getText();
        assertThat(tip.getText()).contains(firstSourceTitle);
        assertThat(tip.getText()).contains(preview.getText());
    }

    @Test
    void theTitleAndStarterQuestionsComeFromTheConfigurationAndCtrlKFocusesTheQuestion() {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Keys rotate with docchat keys rotate [1]."));
        driver.get(server.baseUrl() + "/");
        waiting().until(d -> TITLE.equals(d.getTitle()));
        assertThat(driver.findElement(By.id("site-title")).getText()).isEqualTo(TITLE);
        List<WebElement> starters = waiting().until(d -> {
            List<WebElement> s = d.findElements(By.cssSelector("#starters button.starter"));
            return s.size() == STARTERS.size() ? s : null;
        });
        assertThat(starters).extracting(WebElement::getText).containsExactlyElementsOf(STARTERS);
        browser.screenshot("chat-starters");

        driver.findElement(By.id("site-title")).click();
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("question");

        starters.getFirst().click();
        answered();
        assertThat(driver.findElement(By.cssSelector(".message.user")).getText()).isEqualTo(STARTERS.getFirst());
        assertThat(FakeOpenAi.lastUserMessage(stack.llm().requests().getLast())).contains(STARTERS.getFirst());

        driver.get(server.baseUrl() + "/search.html");
        waiting().until(d -> (TITLE + " search").equals(d.getTitle()));
    }

    @Test
    void searchFiltersBySourceAndShowsMoreResults() {
        driver.get(server.baseUrl() + "/search.html");
        List<WebElement> filters = waiting().until(d -> {
            List<WebElement> f = d.findElements(By.cssSelector("#filters input[type=checkbox]"));
            return f.size() == 2 ? f : null;
        });
        assertThat(filters).extracting(f -> f.getAttribute("value")).containsExactly(PageCorpus.GUIDES, PageCorpus.REFERENCE);
        WebElement box = driver.findElement(By.id("q"));
        box.sendKeys("configuration settings");
        waiting().until(d -> d.findElements(By.cssSelector("#results li[role=option]")).size() == 10);
        WebElement more = driver.findElement(By.id("more"));
        assertThat(more.isDisplayed()).isTrue();
        List<String> firstPage = titles();
        more.click();
        waiting().until(d -> titles().size() > 10);
        List<String> all = titles();
        assertThat(all).hasSize(PageCorpus.DOCS.size()).doesNotHaveDuplicates().startsWith(firstPage.toArray(String[]::new));
        assertThat(more.isDisplayed()).as("no further page").isFalse();
        browser.screenshot("search-more-results");
        // the arrow keys move on through the appended results
        for (int i = 0; i < 12; i++) {
            box.sendKeys(Keys.ARROW_DOWN);
        }
        assertThat(box.getAttribute("aria-activedescendant")).isEqualTo("result-11");

        filters.get(1).click(); // reference only
        waiting().until(d -> sources().stream().allMatch(PageCorpus.REFERENCE::equals) && !sources().isEmpty());
        assertThat(sources()).hasSize(PageCorpus.count(PageCorpus.REFERENCE));
        filters.get(1).click();
        filters.get(0).click(); // guides only
        waiting().until(d -> sources().stream().allMatch(PageCorpus.GUIDES::equals) && !sources().isEmpty());
    }

    /** Read in one script: the list may be replaced between two WebDriver calls. */
    @SuppressWarnings("unchecked")
    private List<String> texts(String selector) {
        return (List<String>) js("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)", selector);
    }

    private List<String> titles() {
        return texts("#results li .title");
    }

    private List<String> sources() {
        return texts("#results li .path").stream().map(p -> p.split(" · ")[0]).toList();
    }

    @Test
    void searchAsYouTypeWaitsForAPauseAndThreeLettersAndCtrlKComesBackToTheBox() throws InterruptedException {
        driver.get(server.baseUrl() + "/search.html");
        WebElement box = waiting().until(d -> d.findElement(By.id("q")));
        js("window.__searches = []; const f = window.fetch; window.fetch = function (u, o) {"
                + " if (String(u).includes('/api/v1/search')) window.__searches.push(String(u)); return f.apply(this, arguments); };");
        box.sendKeys("ke");
        Thread.sleep(800); // longer than the pause: still nothing may be sent for two letters
        assertThat(searches()).isEmpty();
        assertThat(driver.findElement(By.id("status")).getText()).contains("few more letters");
        box.sendKeys("ys rotate signing");
        waiting().until(d -> !d.findElements(By.cssSelector("#results li[role=option]")).isEmpty());
        Thread.sleep(800);
        assertThat(searches()).as("one request after the typing paused").hasSize(1);
        assertThat(searches().getFirst()).contains("q=keys+rotate+signing");
        box.sendKeys("x");
        box.sendKeys(Keys.BACK_SPACE);
        Thread.sleep(800);
        assertThat(searches()).as("the query already shown is not asked again").hasSize(1);

        box.clear();
        box.sendKeys("db");
        box.sendKeys(Keys.ENTER);
        waiting().until(d -> searches().size() == 2);

        driver.findElement(By.id("site-title")).click();
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isNotEqualTo("q");
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("q");
    }

    @SuppressWarnings("unchecked")
    private List<String> searches() {
        return (List<String>) js("return window.__searches.slice()");
    }

    @Test
    void iconsAreDrawnWithoutAnyFont() {
        stack.llm().respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        WebElement answer = ask("Which port does the server listen on?");
        for (WebElement b : answer.findElements(By.cssSelector(".actions button"))) {
            assertThat(b.getText()).as("no emoji or glyph text in %s", b.getAttribute("class")).isEmpty();
            assertThat(b.findElements(By.cssSelector("svg path"))).isNotEmpty();
            assertThat(b.getAttribute("aria-label")).isNotBlank();
            assertThat(b.getSize().getWidth()).isGreaterThanOrEqualTo(32);
        }
        assertThat(answer.findElements(By.cssSelector(".actions button"))).hasSizeGreaterThanOrEqualTo(4);
        WebElement badge = answer.findElement(By.cssSelector(".badge"));
        assertThat(badge.isDisplayed()).as("an empty, hidden badge takes no room").isFalse();
    }
}
