package dev.binfarm.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium through its chromedriver, both by explicit path so Selenium
 * Manager never runs (and never reaches for the network).
 */
final class Browser implements AutoCloseable {
    static final File DRIVER = new File("/usr/bin/chromedriver");
    /** The real binary: /usr/bin/chromium is a shell launcher. */
    static final File CHROMIUM = new File("/usr/lib/chromium/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;

    static String missing() {
        if (!DRIVER.canExecute()) return DRIVER + " missing (./test installs chromium-driver via scripts/packages.sh)";
        if (!CHROMIUM.canExecute()) return CHROMIUM + " missing (./test installs chromium via scripts/packages.sh)";
        return null;
    }

    Browser() throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER.getPath());
        System.setProperty("SE_OFFLINE", "true"); // passed on to Selenium Manager, should it ever start
        profile = Files.createTempDirectory("binfarm-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
