package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.ExternalProgram;
import org.jwsgi.validate.Validator;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser (headless Chromium or Chrome through its chromedriver, found on PATH or from
 * CHROME_BIN and CHROMEDRIVER, and named explicitly so Selenium Manager never looks for or
 * downloads anything; skipped where there is none unless the build requires it) submits the home page's form and reads
 * the result, on the bundled server at the root and in a real Tomcat under {@code /sample-webapp};
 * and watches the live-stream page receive its lines one by one.
 */
class BrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RunningServer builtin;
    private static TomcatProcess tomcat;
    private static ChromeDriverService service;
    private static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        // skipped where the machine has no browser, unless the build requires it (CI does)
        Path chromium = ExternalProgram.named("chromium")
                .orNamed("chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
                .overriddenBy("CHROME_BIN").find();
        Path chromedriver = ExternalProgram.named("chromedriver").inPackage("chromium-driver")
                .overriddenBy("CHROMEDRIVER").find();
        builtin = Backend.named("builtin").start(Validator.defaults().wrap(new SampleApp()), ServerOptions.defaults().withPort(0));
        tomcat = TomcatProcess.start(Path.of(System.getProperty("sample.war")));
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work")));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(Files.createTempFile(work, "chromedriver-", ".log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile-"));
        long t0 = System.nanoTime();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        System.out.printf("chromium: up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            try {
                if (service != null) {
                    service.stop();
                }
            } finally {
                if (builtin != null) {
                    builtin.close();
                }
                if (tomcat != null) {
                    tomcat.close();
                }
            }
        }
    }

    private static URI base(String server) {
        return server.equals("tomcat") ? tomcat.uri(TomcatProcess.CONTEXT + "/") : builtin.uri();
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "tomcat"})
    void submitsTheGreetingFormAndSeesTheValuesEscaped(String server) {
        URI base = base(server);
        driver.get(base.toString());
        assertThat(driver.getTitle()).isEqualTo("jwsgi sample");
        driver.findElement(By.id("name")).sendKeys("<b>Ada</b> Løvelace");
        driver.findElement(By.id("message")).sendKeys("1 < 2 & \"quotes\"\nsecond line");
        driver.findElement(By.id("greet-submit")).click();

        WebElement greeting = new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("greeting")));
        assertThat(driver.getCurrentUrl()).isEqualTo(base.resolve("greet").toString());
        // shown as typed: the browser got escaped text, so it made no <b> element of it
        assertThat(greeting.getText()).isEqualTo("Hello, <b>Ada</b> Løvelace!");
        assertThat(greeting.findElements(By.tagName("b"))).isEmpty();
        assertThat(driver.findElement(By.id("message")).getText()).isEqualTo("1 < 2 & \"quotes\"\nsecond line");
        // the stylesheet came through the static route (the CSP allows only same-origin styles)
        assertThat(driver.findElement(By.tagName("nav")).getCssValue("background-color")).isEqualTo("rgba(29, 35, 48, 1)");
    }

    /** A desktop window and a phone (an iPhone 12-14's CSS viewport, as a mobile device: the viewport meta applies). */
    enum Screen {
        DESKTOP(1200, 900, false), PHONE(390, 844, true);

        final int width;
        final int height;
        final boolean mobile;

        Screen(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    private static void use(Screen screen) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width,
                "height", screen.height, "deviceScaleFactor", 1, "mobile", screen.mobile));
    }

    private static Path screenshot(String page, Screen screen) throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("screenshots")));
        Path file = dir.resolve(page + "-" + screen.width + "x" + screen.height + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    private static long js(String expression) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return " + expression)).longValue();
    }

    /**
     * Each page at 1200×900 and on a phone: screenshots into target/screenshots/ (to look at), and
     * what a program can check: the title once, one heading, nothing wider than the screen, the
     * greeting form's fields and button inside it and working, no JVM internals on /environ.
     */
    @ParameterizedTest
    @EnumSource(Screen.class)
    void pagesFitTheScreenAndTheFormWorksOnIt(Screen screen) throws IOException {
        use(screen);
        try {
            URI base = builtin.uri();
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("home", "");
            pages.put("environ", "environ");
            pages.put("ticker", "ticker?lines=3&interval=100");
            pages.put("not-found", "no/such/page");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                driver.get(base.resolve(page.getValue()).toString());
                if (page.getKey().equals("ticker")) {
                    new WebDriverWait(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("status"), "data-done", "true"));
                    assertThat(driver.findElement(By.id("status")).getText()).startsWith("done: 3 lines in ");
                }
                String title = driver.getTitle();
                assertThat(title).as(page.getKey()).endsWith("jwsgi sample");
                assertThat(title.indexOf("jwsgi sample")).as("the site's name once in %s", title)
                        .isEqualTo(title.lastIndexOf("jwsgi sample"));
                assertThat(driver.findElements(By.tagName("h1"))).as(page.getKey()).hasSize(1);
                assertThat(js("window.innerWidth")).isEqualTo(screen.width);
                assertThat(js("document.documentElement.scrollWidth")).as("%s wider than the screen", page.getKey())
                        .isLessThanOrEqualTo(screen.width);
                Path shot = screenshot(page.getKey(), screen);
                System.out.println("screenshot: " + shot);
            }
            driver.get(base.resolve("environ").toString());
            assertThat(driver.findElement(By.tagName("table")).getText()).doesNotContain("$$Lambda", "0x", "BodyInput");

            driver.get(base.toString());
            for (String id : List.of("name", "message", "greet-submit")) {
                WebElement e = driver.findElement(By.id(id));
                assertThat(e.isDisplayed() && e.isEnabled()).as(id).isTrue();
                assertThat(e.getRect().getX()).as("%s starts inside the screen", id).isGreaterThanOrEqualTo(0);
                assertThat(e.getRect().getX() + e.getRect().getWidth()).as("%s ends inside the screen", id)
                        .isLessThanOrEqualTo(screen.width);
            }
            driver.findElement(By.id("name")).sendKeys("Ada");
            driver.findElement(By.id("message")).sendKeys("from a " + screen.name().toLowerCase(java.util.Locale.ROOT));
            driver.findElement(By.id("greet-submit")).click();
            WebElement greeting = new WebDriverWait(driver, WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("greeting")));
            assertThat(greeting.getText()).isEqualTo("Hello, Ada!");
            assertThat(js("document.documentElement.scrollWidth")).isLessThanOrEqualTo(screen.width);
            System.out.println("screenshot: " + screenshot("greeting", screen));
        } finally {
            ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "tomcat"})
    void liveStreamPageShowsLinesArrivingOverTime(String server) {
        driver.get(base(server).resolve("ticker?lines=5&interval=400").toString());
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(50));
        // the page is usable before the stream ends: some lines are shown while others are still to come
        wait.until(d -> {
            int shown = d.findElements(By.cssSelector("#lines li")).size();
            return shown >= 1 && shown < 5;
        });
        wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-done", "true"));
        List<WebElement> lines = driver.findElements(By.cssSelector("#lines li"));
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0).getText()).startsWith("line 1 of 5 at +0 ms — arrived at +");
        assertThat(lines.get(4).getText()).startsWith("line 5 of 5 at +");
    }
}
