package dev.managedexecutors.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by Debian's chromedriver (never a downloaded one), opens the
 * live page while the demo is under load, waits for the charts to show a non-zero queue depth,
 * resizes a pool from the page and saves a screenshot to {@code target/screenshots/live-page.png}.
 * Skipped, saying so, where either binary is missing ({@code .ci/run} installs them).
 */
class LivePageBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static @Nullable DemoServer demo;
  private static @Nullable ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium or chromedriver is not installed (apt-get install chromium chromium-driver);"
            + " skipping the browser test");
    demo = DemoServer.start("--demo.load.period=10s", "--demo.load.burst-every=5s");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    Path profiles = Files.createDirectories(ObservabilityFiles.targetDir().resolve("chromium"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1600,1250",
        // A fresh profile each run, under target/ so that `mvn clean` removes it.
        "--user-data-dir=" + Files.createTempDirectory(profiles, "profile-"));
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    ChromeDriver b = browser;
    if (b != null) {
      b.quit();
    }
    DemoServer d = demo;
    if (d != null) {
      d.close();
    }
  }

  @Test
  void chartsShowQueueDepthUnderLoadAndFollowAResize() throws IOException {
    ChromeDriver b = Objects.requireNonNull(browser);
    DemoServer d = Objects.requireNonNull(demo);
    b.get(d.uri("/").toString());
    WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(45), Duration.ofMillis(250));

    wait.until(x -> b.findElements(By.cssSelector("section.pool")).size() == 3);
    // The placeholder shown until the first sample is gone once the pools are drawn.
    assertThat(b.findElement(By.id("waiting")).isDisplayed()).isFalse();
    // The built-in load fills io's queue on its crests; a burst makes sure it happens now.
    d.post("/api/work/submit?tasks=300&millis=150");
    wait.until(x -> peakQueued(b, "io") > 0);
    assertThat(section(b, "io").getAttribute("data-peak-queued")).isNotEqualTo("0");

    // Resize io from the page: the max line of its workers chart steps up.
    WebElement form = section(b, "io").findElement(By.cssSelector("form.resize"));
    setValue(form, "core", "2");
    setValue(form, "max", "12");
    setValue(form, "queueCapacity", "300");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(x -> "12".equals(section(b, "io").getAttribute("data-max")));
    wait.until(x -> latestChartValue(b, "io", "workers", 2) == 12);

    // An invalid resize is refused with the pool's own message, shown next to the form.
    setValue(form, "core", "20");
    setValue(form, "max", "4");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(
        x ->
            form.findElement(By.cssSelector("output"))
                .getText()
                .contains("coreWorkers must be between 0 and maxWorkers (4), was 20"));
    assertThat(section(b, "io").getAttribute("data-max")).isEqualTo("12");

    // A few more seconds of history, so the screenshot shows queues rising and draining.
    int polls = polls(b);
    wait.until(x -> polls(b) >= polls + 12);
    Path screenshot = ObservabilityFiles.targetDir().resolve("screenshots/live-page.png");
    Files.createDirectories(screenshot.getParent());
    Files.write(screenshot, b.getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
  }

  private static WebElement section(ChromeDriver b, String pool) {
    return b.findElement(By.id("pool-" + pool));
  }

  private static void setValue(WebElement form, String name, String value) {
    WebElement input = form.findElement(By.name(name));
    input.clear();
    input.sendKeys(value);
  }

  /** The largest queue depth in the pool's queue chart: read from the chart, not the legend. */
  private static double peakQueued(ChromeDriver b, String pool) {
    Object peak =
        ((JavascriptExecutor) b)
            .executeScript(
                "const c = Chart.getChart(document.querySelector("
                    + "'#pool-' + arguments[0] + ' canvas[data-chart=queue]'));"
                    + "return c ? Math.max(0, ...c.data.datasets[0].data) : 0;",
                pool);
    return ((Number) Objects.requireNonNull(peak)).doubleValue();
  }

  private static double latestChartValue(ChromeDriver b, String pool, String chart, int dataset) {
    Object value =
        ((JavascriptExecutor) b)
            .executeScript(
                "const c = Chart.getChart(document.querySelector("
                    + "'#pool-' + arguments[0] + ' canvas[data-chart=' + arguments[1] + ']'));"
                    + "const d = c ? c.data.datasets[arguments[2]].data : [];"
                    + "return d.length ? d[d.length - 1] : -1;",
                pool,
                chart,
                dataset);
    return ((Number) Objects.requireNonNull(value)).doubleValue();
  }

  private static int polls(ChromeDriver b) {
    String polls = b.findElement(By.tagName("body")).getAttribute("data-polls");
    return polls == null ? 0 : Integer.parseInt(polls);
  }
}
