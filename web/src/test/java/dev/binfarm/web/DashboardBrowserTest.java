package dev.binfarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Acceptance 1 and 2 in a real headless chromium: matrix, filter, cell, rerun; escaped output. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final String TOKEN = "browser-token";

    @TempDir static Path dir;
    static Farm farm;
    static Scenario s;
    static RecordingRerun rerun;
    static WebServer server;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        String missing = Browser.missing();
        Assumptions.assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
        farm = new Farm(dir);
        s = new Scenario(farm);
        rerun = new RecordingRerun(farm, s.elfloader, s.all);
        server = WebServer.start(new WebConfig(0, farm.db, rerun, TOKEN, WorkersView.none()));
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
        if (server != null) server.stop();
        if (farm != null) farm.close();
    }

    static void open(String path) {
        browser.driver.get("http://localhost:" + server.port() + path);
    }

    /** Clicks and waits until the page it was on has gone (a form post, a link). */
    static void clickAndWait(WebElement e) {
        e.click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> gone(e));
    }

    /**
     * Whether the element's page has gone. Asked while it goes, Chrome may answer that the node "does not
     * belong to the document" (an unknown error) instead of WebDriver's stale element error, which is all
     * {@code ExpectedConditions.stalenessOf} expects.
     */
    static boolean gone(WebElement e) {
        try {
            e.isEnabled();
            return false;
        } catch (StaleElementReferenceException x) {
            return true;
        } catch (WebDriverException x) {
            if (String.valueOf(x.getMessage()).contains("does not belong to the document")) return true;
            throw x;
        }
    }

    static List<String> appsShown() {
        return browser.driver.findElements(By.cssSelector("#matrix tbody tr[data-app]")).stream()
                .map(e -> e.getAttribute("data-app")).toList();
    }

    @Test
    @Order(1)
    void openTheMatrixFilterItAndOpenACellThenRerunIt() throws Exception {
        open("/matrix");
        assertEquals(List.of("grep", "hello", "sqlite3", "xss", "nginx", "redis"), appsShown());
        assertEquals(2, browser.driver.findElements(By.cssSelector("#matrix .mark.regression")).size());
        assertEquals(1, browser.driver.findElements(By.cssSelector("#matrix tr[data-app='nginx'] .mark.broken")).size());
        browser.screenshot("01-matrix");

        new Select(browser.driver.findElement(By.id("f-status"))).selectByValue("regression");
        new Select(browser.driver.findElement(By.id("f-catalog"))).selectByValue("core");
        clickAndWait(browser.driver.findElement(By.id("apply")));
        assertTrue(browser.driver.getCurrentUrl().contains("status=regression"));
        assertEquals(List.of("hello", "xss"), appsShown());
        browser.screenshot("02-matrix-filtered");

        WebElement badge = browser.driver.findElement(By.cssSelector("#matrix tr[data-app='hello'] a.badge.s-FAIL"));
        clickAndWait(badge);
        assertEquals(String.valueOf(s.helloRegressed.id()), browser.driver.findElement(By.id("result-id")).getText());
        assertEquals("FAIL", browser.driver.findElement(By.id("status")).getText());
        assertEquals("2", browser.driver.findElement(By.id("history")).getAttribute("data-count"));
        browser.screenshot("03-cell");

        // Without the token the button is refused and nothing is recorded.
        long results = farm.count("result");
        clickAndWait(browser.driver.findElement(By.id("rerun-button")));
        assertTrue(browser.driver.findElement(By.id("refused")).getText().contains("Wrong or missing token"));
        assertEquals(results, farm.count("result"));
        browser.driver.navigate().back();

        browser.driver.findElement(By.id("token")).sendKeys(TOKEN);
        clickAndWait(browser.driver.findElement(By.id("rerun-button")));
        String notice = browser.driver.findElement(By.id("rerun-notice")).getText();
        assertTrue(notice.startsWith("Rerun started as run "), notice);
        String newResult = browser.driver.findElement(By.id("result-id")).getText();
        assertNotEquals(String.valueOf(s.helloRegressed.id()), newResult, "the page moved to the new result");
        assertEquals("PASS", browser.driver.findElement(By.id("status")).getText());
        assertEquals("3", browser.driver.findElement(By.id("history")).getAttribute("data-count"));
        assertTrue(browser.driver.findElement(By.id("stdout")).getText().contains("rerun output of hello"));
        assertEquals(results + 1, farm.count("result"));
        browser.screenshot("04-cell-after-rerun");

        // The session is now authorized: the button needs no token field any more.
        assertTrue(browser.driver.findElements(By.id("token")).isEmpty());
        open("/matrix?catalog=core");
        WebElement hello = browser.driver.findElement(By.cssSelector("#matrix tr[data-app='hello'] td:nth-child(2) a.badge"));
        assertEquals("PASS", hello.getText());
        assertEquals(newResult, hello.getAttribute("href").replaceAll(".*/cells/", ""));
    }

    @Test
    @Order(2)
    void guestMarkupIsShownLiterallyAndNeverRuns() throws Exception {
        open("/cells/" + s.xss.id());
        assertThrows(NoAlertPresentException.class, () -> browser.driver.switchTo().alert());
        assertEquals(Scenario.XSS, browser.driver.findElement(By.id("stdout")).getText());
        assertTrue(browser.driver.findElement(By.tagName("body")).getText().contains("<script>alert(1)</script>"));
        assertTrue(browser.driver.findElements(By.cssSelector("main script")).isEmpty());
        browser.screenshot("05-cell-escaped-output");
    }

    @Test
    @Order(3)
    void theOtherPagesRender() throws Exception {
        open("/syscalls");
        // The rerun fixed hello, so only redis is blocked now: two syscalls tie at one app, by name.
        List<String> next = browser.driver.findElements(By.cssSelector("#next tbody tr")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("1 epoll_pwait2 1 extra/redis", "2 io_uring_setup 1 extra/redis"), next);
        assertFalse(browser.driver.findElements(By.cssSelector("#heatmap td.h-DENIED")).isEmpty());
        browser.screenshot("06-syscalls");
        open("/runs");
        assertFalse(browser.driver.findElements(By.cssSelector("#chart svg polyline.pass")).isEmpty());
        assertTrue(browser.driver.findElement(By.id("run-" + s.run2.id())).getText().contains("catalog core"));
        browser.screenshot("07-runs");
        open("/workers");
        assertEquals("0", browser.driver.findElement(By.id("queued")).getText());
        browser.screenshot("08-workers");
        assertTrue(Files.size(Browser.SCREENSHOTS.resolve("08-workers.png")) > 1000);
    }
}
