package io.daeploy.it;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Headless Debian Chromium driven by its chromedriver. Missing browser: the test is skipped with
 * the reason on a developer's machine, and fails in CI, where .ci/run installs it.
 */
final class Browser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    static WebDriver start() {
        return start(null);
    }

    /** A browser that saves what the user downloads into downloadDir without asking (null: the default folder). */
    static WebDriver start(Path downloadDir) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String reason = "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("Browser test " + reason + "; .ci/run should have installed them");
            }
            Assumptions.assumeTrue(false, reason);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1280,1000");
        if (downloadDir != null) {
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloadDir.toAbsolutePath().toString(),
                    "download.prompt_for_download", false));
        }
        return new ChromeDriver(service, options);
    }

    /** Keeps what the user saw under target/screenshots, as a test artifact. */
    static Path screenshot(WebDriver driver, String name) {
        try {
            Path dir = Path.of(System.getProperty("daeploy.screenshotDir", "target/screenshots"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
