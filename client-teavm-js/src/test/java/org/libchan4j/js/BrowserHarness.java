package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.server.HandshakeInfo;
import org.libchan4j.server.SessionHandler;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the browser tests share: a real {@link ChanServer} on 127.0.0.1 (a free port, the extended mode on as by
 * default) that also serves the built files from the classpath ({@code META-INF/resources}) as a Java application
 * would, and one headless Chromium per test class. A test loads one small page script
 * (src/test/resources/META-INF/resources/test/scenarios) that uses only the exported API, and checks both what the
 * page reports ({@link #result}) and what the JVM side saw ({@link #serverOutcome}).
 *
 * <p>Chromium and chromedriver are Debian's (/usr/bin); a missing one fails the class (scripts/test installs them).
 */
abstract class BrowserHarness {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  static ChanServer server;
  static ChromeDriver driver;
  private static ChromeDriverService driverService;
  private static Path profile;
  static String base;
  /** What the server does with the next sessions; each test sets its own. */
  private static volatile SessionHandler handler = (session, handshake) -> session.close();
  /** What each session handler returned, or the exception it threw. */
  private static final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws IOException {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> handler.onSession(session, handshake))
        .path("/chan")
        .build();
    server = ChanServer.builder(endpoint)
        .staticFiles(BrowserHarness.class.getClassLoader(), "/META-INF/resources")
        .build()
        .start();
    base = "http://127.0.0.1:" + server.port();
    driverService = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort()
        .build();
    profile = Files.createTempDirectory("libchan4j-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile);
    driver = new ChromeDriver(driverService, options);
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) driver.quit();
    if (driverService != null) driverService.stop();
    if (server != null) server.close();
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    driver = null;
    driverService = null;
    server = null;
    profile = null;
  }

  @AfterEach
  void oneTabAndNoLeftovers() {
    List<String> tabs = new ArrayList<>(driver.getWindowHandles());
    for (String tab : tabs.subList(1, tabs.size())) driver.switchTo().window(tab).close();
    driver.switchTo().window(tabs.get(0));
    driver.get("about:blank"); // closes the page's WebSocket before the next test
    handler = (session, handshake) -> session.close();
    outcomes.clear();
  }

  /** A session handler body; what it returns (or throws) is recorded for {@link #serverOutcome}. */
  interface ServerSide {
    Object run(Session session, HandshakeInfo handshake) throws Exception;
  }

  /** A session handler body that needs no handshake details. */
  interface SimpleServerSide {
    Object run(Session session) throws Exception;
  }

  static void serve(SimpleServerSide side) {
    serveHandshake((session, handshake) -> side.run(session));
  }

  static void serveHandshake(ServerSide side) {
    handler = (session, handshake) -> {
      try {
        outcomes.add(side.run(session, handshake));
      } catch (Throwable e) {
        outcomes.add(e);
      }
    };
  }

  /** The next session handler's result; fails with its exception. */
  static Object serverOutcome() throws InterruptedException {
    Object outcome = outcomes.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (outcome == null) fail("the server side did not finish within " + TIMEOUT);
    if (outcome instanceof Throwable t) throw new AssertionError("the server side failed: " + t, t);
    return outcome;
  }

  /** Loads scenario {@code scenario} with URL parameters {@code params} ("name=value") and waits for its result. */
  static Object run(String scenario, String... params) {
    open(scenario, params);
    return result();
  }

  static void open(String scenario, String... params) {
    StringBuilder url = new StringBuilder(base + "/test/page.html?scenario=" + scenario);
    for (String p : params) url.append('&').append(p);
    driver.get(url.toString());
  }

  /** Waits for the current page's {@code window.result}; fails with the page's error. */
  static Object result() {
    return result(TIMEOUT);
  }

  /** Waits up to {@code timeout} for the current page's {@code window.result}; fails with the page's error. */
  static Object result(Duration timeout) {
    Object result = new WebDriverWait(driver, timeout, Duration.ofMillis(20))
        .withMessage(() -> "the page published no result; title: " + driver.getTitle())
        .until(d -> ((JavascriptExecutor) d).executeScript("return window.result"));
    Map<?, ?> r = (Map<?, ?>) result;
    if (!Boolean.TRUE.equals(r.get("ok"))) fail("the page failed: " + r.get("error"));
    return r.get("value");
  }
}
