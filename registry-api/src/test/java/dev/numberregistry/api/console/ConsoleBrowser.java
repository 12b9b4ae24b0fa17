package dev.numberregistry.api.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless browser on the console: Debian's chromium driven through its chromedriver
 * ({@code .ci/run} installs both). Waits are for what the page shows, never for a time. Screenshots
 * go to {@code target/console-screenshots}, and also to the directory named by the system property
 * {@code console.screenshots} (the README's pictures: {@code -Dconsole.screenshots=../docs/console}).
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final URL registry;
    private final WebDriverWait wait;

    ConsoleBrowser(URL registry) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's tests drive Debian's chromium: install it with "
                    + "'apt-get install chromium chromium-driver' (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // No internet here, and no sandbox for root in a container: a quiet, sandbox-less headless browser.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        // The page's own console, read by pageErrors().
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().window().setSize(new Dimension(1280, 900));
        this.registry = registry;
        this.wait = new WebDriverWait(driver, PATIENCE);
    }

    /** Opens a view of the console, e.g. {@code #/due}, from the page itself. */
    void open(String hash) {
        driver.get(registry.toString().replaceAll("/$", "") + "/console/" + hash);
        shown("#signed-in-as");
    }

    /** Goes to another view without reloading the page, as a click on the nav would. */
    void go(String hash) {
        driver.executeScript("location.hash = arguments[0]", hash);
    }

    void signInWithADevelopmentToken() {
        click("#dev-token");
        until(() -> text("#signed-in-as").contains("ops-console"), "signed in with a development token");
    }

    void signInWith(String token) {
        type("#token-input", token);
        click("#sign-in");
        until(() -> text("#signed-in-as").startsWith("Signed in"), "signed in with the token given");
    }

    WebElement shown(String css) {
        return wait.withMessage(() -> css + " is not shown")
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return shown(css).getText();
    }

    void click(String css) {
        wait.withMessage(() -> css + " cannot be clicked")
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement input = shown(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Sets an input the way a picker does (a date input takes no typing in a locale-free way). */
    void set(String css, String value) {
        driver.executeScript("arguments[0].value = arguments[1]", shown(css), value);
    }

    void until(java.util.function.BooleanSupplier shows, String what) {
        wait.withMessage(() -> "the console did not show " + what).until(browser -> shows.getAsBoolean());
    }

    String hash() {
        return (String) driver.executeScript("return location.hash");
    }

    /** What the page wrote to its console that is an error: a healthy page writes none. */
    List<String> pageErrors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getMessage()).toList();
    }

    /** A picture of the whole page as it is now, below the window's fold too (Chrome's DevTools protocol). */
    void screenshot(String name) {
        Map<String, Object> layout = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> content = (Map<?, ?>) layout.get("cssContentSize");
        Map<String, Object> whole = Map.of("x", 0, "y", 0, "scale", 1,
                "width", ((Number) content.get("width")).doubleValue(),
                "height", ((Number) content.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", whole));
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        try {
            write(Path.of("target", "console-screenshots"), name, png);
            String docs = System.getProperty("console.screenshots");
            if (docs != null && !docs.isBlank()) {
                write(Path.of(docs), name, png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path directory, String name, byte[] png) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(name + ".png"), png);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
