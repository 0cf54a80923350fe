package dev.jtrack.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Debian Chromium driven through Debian's chromedriver, for the browser tests (web UI, JupyterLab). Both
 * paths are given to Selenium explicitly, so Selenium Manager never runs (and never downloads a
 * driver or a browser): {@link #start()} checks Selenium's own log for that. The profile is a fresh
 * temporary directory, deleted on {@link #close()}. A missing browser fails the test.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The driver; quit by {@link #close()}. */
    public final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Starts the browser; fails (never skips) when chromium or chromedriver is missing. */
    public static Browser start() throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: the browser tests need a real browser"
                        + " (apt-get install -y chromium chromium-driver)");
            }
        }
        SeleniumLog log = SeleniumLog.capture();
        Path profile = Files.createTempDirectory("jtrack-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        } finally {
            log.release();
        }
        Browser browser = new Browser(driver, service, profile);
        try {
            log.assertSeleniumManagerNeverRan();
        } catch (AssertionError e) {
            browser.close();
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return browser;
    }

    /**
     * The JavaScript errors the page reported on the console since the last call (uncaught
     * exceptions, failed module loads, Content-Security-Policy refusals); failed HTTP requests
     * are left out, since the UI shows those itself.
     */
    public List<String> takeScriptErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            String m = e.getMessage();
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !m.contains("Failed to load resource")) {
                errors.add(m);
            }
        }
        return errors;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans up
        }
    }

    /** Selenium's java.util.logging records about driver discovery, captured while the driver starts. */
    private static final class SeleniumLog extends Handler {
        private static final String FINDER = "org.openqa.selenium.remote.service.DriverFinder";
        private static final String MANAGER = "org.openqa.selenium.manager.SeleniumManager";
        private final List<LogRecord> records = new ArrayList<>();
        private final List<Logger> loggers = List.of(Logger.getLogger(FINDER), Logger.getLogger(MANAGER));
        private final List<Level> levels = new ArrayList<>();

        static SeleniumLog capture() {
            SeleniumLog h = new SeleniumLog();
            h.setLevel(Level.ALL);
            for (Logger l : h.loggers) {
                h.levels.add(l.getLevel());
                l.setLevel(Level.FINE);
                l.addHandler(h);
            }
            return h;
        }

        void release() {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).removeHandler(this);
                loggers.get(i).setLevel(levels.get(i));
            }
        }

        synchronized void assertSeleniumManagerNeverRan() {
            boolean skipped = false;
            for (LogRecord r : records) {
                if (MANAGER.equals(r.getLoggerName())) {
                    throw new AssertionError("Selenium Manager ran: " + r.getMessage());
                }
                if (r.getMessage() != null && r.getMessage().startsWith("Skipping Selenium Manager")) skipped = true;
            }
            if (!skipped) {
                throw new AssertionError("Selenium did not report skipping Selenium Manager; records: "
                        + records.stream().map(LogRecord::getMessage).toList());
            }
        }

        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
