package io.docchat.chat.view;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
import java.util.Comparator;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A click on a citation of an answer, and on a search result, lands on the cited passage: the source view page
 * in headless Chromium (Debian's chromium and chromedriver, see ops/dev/install-browser) against a real server
 * with no LLM (extractive answers). The cited passage sits below the fold of a long section, so landing on it
 * means the page scrolled it into view.
 */
class SourceViewBrowserIT {

    private static SourceViewStack stack;
    private static WebDriver driver;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        File chromium = executable("chromium", "chromium-browser", "google-chrome");
        File chromedriver = executable("chromedriver");
        if (chromium == null || chromedriver == null) {
            throw new IllegalStateException("the browser tests need chromium and chromedriver: run ops/dev/install-browser as root");
        }
        stack = SourceViewStack.get();
        profile = Files.createTempDirectory("docchat-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,600", "--user-data-dir=" + profile);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
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
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(20));
    }

    /** The view page's cited passage, once rendered: it is the one expected, marked, and on screen. */
    private static void landedOn(String chunkId) {
        WebElement cited = waiting().until(d -> d.findElement(By.cssSelector("#passages section.passage.cited")));
        assertThat(driver.getCurrentUrl()).contains("/view.html?chunk=");
        assertThat(cited.getAttribute("data-chunk-id")).isEqualTo(chunkId);
        assertThat(cited.getAttribute("aria-current")).isEqualTo("true");
        assertThat(driver.findElements(By.cssSelector("#passages section.passage.cited"))).hasSize(1);
        // highlighted: a background of its own, unlike the passages around it
        String mark = cited.getCssValue("background-color");
        String plain = driver.findElements(By.cssSelector("#passages section.passage:not(.cited)")).getFirst()
                .getCssValue("background-color");
        assertThat(mark).isNotEqualTo(plain);
        // the section is taller than the window, and the passage is on screen: the page scrolled to it
        JavascriptExecutor js = (JavascriptExecutor) driver;
        waiting().until(d -> (Boolean) js.executeScript("const r = arguments[0].getBoundingClientRect();"
                + "return r.top >= 0 && r.top < window.innerHeight && window.scrollY > 0;", cited));
        assertThat((Long) js.executeScript("return document.documentElement.scrollHeight - window.innerHeight;"))
                .isPositive();
    }

    @Test
    void aCitationInAnAnswerOpensThePassageHighlightedAndScrolledIntoView() {
        driver.get(stack.base() + "/");
        WebElement box = waiting().until(d -> d.findElement(By.id("question")));
        box.sendKeys("What is the cormorant limit per API key?");
        box.sendKeys(Keys.ENTER);
        WebElement answer = waiting().until(d -> d.findElement(By.cssSelector("article.message.assistant")));
        waiting().until(d -> "false".equals(answer.getAttribute("aria-busy")));
        WebElement cite = answer.findElement(By.cssSelector(".content a.cite"));
        assertThat(cite.getAttribute("href")).startsWith(stack.publicBase() + "/view.html?chunk=");

        String chat = driver.getWindowHandle();
        cite.click();
        waiting().until(d -> d.getWindowHandles().size() == 2);
        Set<String> handles = driver.getWindowHandles();
        handles.remove(chat);
        driver.switchTo().window(handles.iterator().next());
        try {
            landedOn("long:manual.md#6");
        } finally {
            driver.close();
            driver.switchTo().window(chat);
        }
    }

    @Test
    void aSearchResultOpensThePassageHighlightedAndScrolledIntoView() {
        driver.get(stack.base() + "/search.html");
        WebElement q = waiting().until(d -> d.findElement(By.id("q")));
        q.sendKeys("cormorant limit requests per minute");
        WebElement first = waiting().until(d -> d.findElement(By.cssSelector("#results a.title")));
        assertThat(first.getAttribute("href")).isEqualTo(stack.publicBase() + "/view.html?chunk=long%3Amanual.md%236");
        first.click();
        landedOn("long:manual.md#6");
    }
}
