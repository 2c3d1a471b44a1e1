package org.libchan4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web demo end to end: a {@link DemoServer} on 127.0.0.1 (a free port) and two headless Chromium browsers,
 * "alice" and "bob", each its own browser (own storage), driving the page as a user would: the join form, the
 * composer, the file input, the worker buttons. The terminal client joins from this JVM. Each test uses its own
 * room. Screenshots of each step go to {@code target/screenshots/} for review.
 *
 * <p>Chromium and chromedriver are Debian's (/usr/bin); a missing one fails the class (scripts/test installs them).
 */
class WebDemoBrowserTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MIB = 1 << 20;
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Path FILES = Path.of("target", "demo-files");

  private static DemoServer server;
  private static String base;
  private static Browser alice;
  private static Browser bob;
  private String test;
  private int shot;

  /** One Chromium with its chromedriver and a fresh profile. */
  private static final class Browser implements AutoCloseable {
    final ChromeDriverService service;
    final ChromeDriver driver;
    final Path profile;

    Browser() throws IOException {
      service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File("/usr/bin/chromedriver"))
          .usingAnyFreePort()
          .build();
      profile = Files.createTempDirectory("libchan4j-demo-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary("/usr/bin/chromium");
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
          "--window-size=1440,900", "--user-data-dir=" + profile);
      driver = new ChromeDriver(service, options);
    }

    @Override
    public void close() throws IOException {
      driver.quit();
      service.stop();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @BeforeAll
  static void start() throws IOException {
    server = DemoServer.start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + server.port();
    Files.createDirectories(SHOTS);
    Files.createDirectories(FILES);
    alice = new Browser();
    bob = new Browser();
  }

  @AfterAll
  static void stop() throws IOException {
    if (alice != null) alice.close();
    if (bob != null) bob.close();
    if (server != null) server.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void name(TestInfo info) {
    String display = info.getDisplayName(); // "compat mode" for a parameterized test
    String params = display.endsWith(" mode") ? "-" + display.replace(' ', '-') : "";
    test = info.getTestMethod().orElseThrow().getName() + params;
    shot = 0;
  }

  @AfterEach
  void leavePages() {
    for (Browser b : List.of(alice, bob)) {
      List<String> tabs = new ArrayList<>(b.driver.getWindowHandles());
      for (String tab : tabs.subList(1, tabs.size())) b.driver.switchTo().window(tab).close();
      b.driver.switchTo().window(tabs.get(0));
      b.driver.get("about:blank"); // closes the page's session: its member leaves, its worker withdraws
    }
  }

  // ------------------------------------------------------------------------------------------------ tests

  @Test
  void twoBrowsersSeeEachOthersPresenceAndMessages() throws IOException {
    enter(alice.driver, "alice", "presence");
    screenshot(alice.driver, "alice-alone");
    enter(bob.driver, "bob", "presence");
    awaitMembers(alice.driver, "alice", "bob");
    awaitMembers(bob.driver, "bob", "alice");
    assertEquals("bob joined", lastSystemLine(alice.driver));

    // The status bar shows the server's ChanMetrics numbers: both pages' sessions, and alice's post counted in.
    long before = serverStat(alice.driver, "data-messages-in", n -> n > 0);
    serverStat(alice.driver, "data-sessions", n -> n >= 2);
    say(alice.driver, "Hello bob, this travelled on your inbox channel");
    awaitMessage(bob.driver, "alice", "Hello bob, this travelled on your inbox channel");
    serverStat(alice.driver, "data-messages-in", n -> n > before);
    assertTrue(alice.driver.findElement(By.id("server-stats")).getText().matches(
        "server: \\d+ sessions, [\\d,]+ channels · [\\d,]+ messages in, [\\d,]+ out · .+ in, .+ out"),
        alice.driver.findElement(By.id("server-stats")).getText());
    say(bob.driver, "Hi alice! Mine went up my posts channel");
    awaitMessage(alice.driver, "bob", "Hi alice! Mine went up my posts channel");
    awaitMessage(bob.driver, "bob", "Hi alice! Mine went up my posts channel");
    screenshot(alice.driver, "alice-chat");
    screenshot(bob.driver, "bob-chat");
  }

  @Test
  void reloadingRejoinsAsTheSameMemberWithTheHistory() throws IOException {
    enter(alice.driver, "alice", "reload");
    enter(bob.driver, "bob", "reload");
    awaitMembers(alice.driver, "alice", "bob");
    say(alice.driver, "before the reload");
    awaitMessage(bob.driver, "alice", "before the reload");

    bob.driver.navigate().refresh();
    awaitMessage(bob.driver, "alice", "before the reload"); // from the history in the welcome
    awaitMembers(bob.driver, "bob", "alice"); // the same member again: no "bob (2)", no ghost
    awaitMembers(alice.driver, "alice", "bob");
    say(bob.driver, "after the reload");
    awaitMessage(alice.driver, "bob", "after the reload");
    assertEquals("online", wait(bob.driver, d -> d.findElement(By.id("conn")).getDomAttribute("data-state")));
    screenshot(bob.driver, "bob-after-reload");
  }

  /** In the mode pages negotiate by default, and in jschan's format, where only the demo's own windows act. */
  @ParameterizedTest(name = "{0} mode")
  @ValueSource(strings = {"extended", "compat"})
  void aFileSentByOneArrivesIntactInTheOtherWithProgress(String mode) throws Exception {
    String room = "files-" + mode;
    String query = mode.equals("compat") ? "compat" : ""; // the page's default is to negotiate the extended mode
    enter(alice.driver, "alice", room, query);
    enter(bob.driver, "bob", room, query);
    assertTrue(bob.driver.findElement(By.id("wire")).getText()
        .contains(mode.equals("compat") ? "jschan format" : "libchan4j.v1"));
    awaitMembers(alice.driver, "alice", "bob");
    Path file = randomFile("quarterly-report.pdf", 6 * MIB + 12345);
    String sha = sha256(file);

    alice.driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
    WebElement incoming = wait(bob.driver, d -> d.findElement(By.cssSelector(".file-card[data-name='quarterly-report.pdf']")));
    screenshot(bob.driver, "bob-receiving");
    wait(bob.driver, d -> "done".equals(incoming.getDomAttribute("data-state")) ? true : failedCard(incoming));
    assertEquals(sha, incoming.getDomAttribute("data-sha256"), "what bob's page received and hashed");
    assertEquals("alice", incoming.getDomAttribute("data-from"));
    int updates = Integer.parseInt(incoming.getDomAttribute("data-updates"));
    assertTrue(updates >= 3, "the progress bar moved (" + updates + " updates)");
    assertTrue(incoming.getText().contains("Received intact"), incoming.getText());
    WebElement download = incoming.findElement(By.cssSelector("a.download"));
    assertEquals("quarterly-report.pdf", download.getDomAttribute("download"));
    assertTrue(download.getDomAttribute("href").startsWith("blob:"));

    WebElement sent = wait(alice.driver, d -> {
      WebElement c = d.findElement(By.cssSelector(".file-card.mine[data-name='quarterly-report.pdf']"));
      return "done".equals(c.getDomAttribute("data-state")) ? c : null;
    });
    assertEquals(sha, sent.getDomAttribute("data-sha256"), "the digest the server computed while piping");
    assertEquals(String.valueOf(Files.size(file)), sent.getDomAttribute("data-bytes"), "the bar ends full");
    assertTrue(sent.getText().contains("Sent to 1 member"), sent.getText());
    screenshot(alice.driver, "alice-sent");
    screenshot(bob.driver, "bob-received");
  }

  @Test
  void aWorkerPageReceivesAndCompletesJobs() throws IOException {
    enter(alice.driver, "alice", "compute");
    enter(bob.driver, "bob", "compute");
    bob.driver.findElement(By.id("volunteer-toggle")).click();
    awaitWorkers(alice.driver, List.of("bob"));
    String batch = runBatch(alice.driver, "1000000", 8);
    WebElement row = awaitBatch(alice.driver, batch);
    assertEquals("78498", row.getDomAttribute("data-primes"));
    assertEquals("8", row.getDomAttribute("data-done"));
    assertTrue(row.getText().contains("matches"), row.getText());
    WebElement mine = bob.driver.findElement(By.id("my-worker"));
    wait(bob.driver, d -> Integer.parseInt(mine.getDomAttribute("data-jobs")) == 8);
    screenshot(alice.driver, "alice-batch-done");
    screenshot(bob.driver, "bob-worker");
  }

  @Test
  void aWorkerClosingItsTabMidJobHasItsJobReassigned() throws IOException {
    enter(alice.driver, "alice", "reassign");
    String aliceTab = alice.driver.getWindowHandle();
    alice.driver.switchTo().newWindow(WindowType.TAB);
    enter(alice.driver, "carol", "reassign");
    alice.driver.findElement(By.id("hold-toggle")).click();
    alice.driver.findElement(By.id("volunteer-toggle")).click();
    enter(bob.driver, "bob", "reassign");
    bob.driver.findElement(By.id("volunteer-toggle")).click();
    awaitWorkers(bob.driver, List.of("carol", "bob"));

    String batch = runBatch(bob.driver, "1000000", 6);
    WebElement carolCard = alice.driver.findElement(By.id("my-worker"));
    wait(alice.driver, d -> "holding".equals(carolCard.getDomAttribute("data-state")));
    String held = carolCard.getDomAttribute("data-job");
    screenshot(alice.driver, "carol-holding-" + held);
    wait(bob.driver, d -> d.findElement(By.cssSelector("#workers li[data-name='carol'][data-state='holding']")));
    screenshot(bob.driver, "board-carol-holding");

    alice.driver.close(); // carol's tab closes mid-job
    alice.driver.switchTo().window(aliceTab);
    WebElement row = awaitBatch(bob.driver, batch);
    assertEquals("78498", row.getDomAttribute("data-primes"), "every job counted once");
    assertEquals("1", row.getDomAttribute("data-reassigned"));
    assertTrue(row.getText().contains("1 reassigned"), row.getText());
    awaitWorkers(bob.driver, List.of("bob"));
    screenshot(bob.driver, "board-reassigned");
  }

  @Test
  void theTerminalClientExchangesAMessageAndAFileWithABrowser() throws Exception {
    enter(alice.driver, "alice", "terminal");
    Lines lines = new Lines();
    Path downloads = Files.createTempDirectory(FILES, "terminal-downloads");
    try (TerminalClient tess = new TerminalClient(server.chanUri(), "terminal", "tess", downloads,
        new PrintStream(lines, true, StandardCharsets.UTF_8), false)) {
      lines.await(l -> l.contains("joined #terminal as tess"));
      awaitMembers(alice.driver, "alice", "tess");
      wait(alice.driver, d -> d.findElement(By.cssSelector("#members li[data-name='tess'][data-client='terminal']")));

      tess.command("hello from a JVM terminal");
      awaitMessage(alice.driver, "tess", "hello from a JVM terminal");
      say(alice.driver, "hello tess, from Chromium");
      lines.await(l -> l.endsWith("alice: hello tess, from Chromium"));

      Path toBrowser = randomFile("measurements.csv", 3 * MIB + 7);
      tess.command("/send " + toBrowser.toAbsolutePath());
      WebElement card = wait(alice.driver, d -> {
        WebElement c = d.findElement(By.cssSelector(".file-card[data-name='measurements.csv']"));
        return "done".equals(c.getDomAttribute("data-state")) ? c : failedCard(c);
      });
      assertEquals(sha256(toBrowser), card.getDomAttribute("data-sha256"));
      assertEquals("tess", card.getDomAttribute("data-from"));
      lines.await(l -> l.startsWith("* sent to 1 member"));
      assertTrue(lines.all().contains("sending measurements.csv 100%"), lines.all());

      Path toTerminal = randomFile("holiday-photo.jpg", 2 * MIB + 99);
      alice.driver.findElement(By.id("file-input")).sendKeys(toTerminal.toAbsolutePath().toString());
      String saved = lines.await(l -> l.startsWith("* saved ") && l.contains("holiday-photo.jpg"));
      assertTrue(saved.contains("verified"), saved);
      assertEquals(sha256(toTerminal), sha256(downloads.resolve("holiday-photo.jpg")));
      assertTrue(lines.all().contains("receiving holiday-photo.jpg from alice 100%"), lines.all());
      screenshot(alice.driver, "alice-with-terminal");
      Files.writeString(SHOTS.resolve(test + "-terminal.txt"), lines.all());
    }
    awaitMembers(alice.driver, "alice");
  }

  // ------------------------------------------------------------------------------------------------ page steps

  /** Opens the page on a clean tab and joins {@code room} through the form. */
  private static void enter(WebDriver d, String name, String room) {
    enter(d, name, room, "");
  }

  /** As {@link #enter(WebDriver, String, String)}, with {@code ?mode=} ("" for the page's default). */
  private static void enter(WebDriver d, String name, String room, String mode) {
    d.get(base + "/demo/ui.js"); // same origin, without the app: forget the tab's last profile
    ((JavascriptExecutor) d).executeScript("sessionStorage.clear(); localStorage.clear();");
    d.get(base + (mode.isEmpty() ? "/" : "/?mode=" + mode) + "#" + room);
    WebElement nameField = wait(d, x -> {
      WebElement f = x.findElement(By.id("join-name"));
      return f.isDisplayed() ? f : null;
    });
    nameField.sendKeys(name);
    assertEquals(room, d.findElement(By.id("join-room")).getDomProperty("value"), "the room comes from the URL");
    d.findElement(By.id("join-submit")).click();
    wait(d, x -> x.findElement(By.id("composer-input")).isDisplayed()
        && x.findElement(By.id("composer-input")).isEnabled()
        && name.equals(x.findElement(By.id("me-name")).getText()));
  }

  private static void say(WebDriver d, String text) {
    WebElement input = d.findElement(By.id("composer-input"));
    input.sendKeys(text);
    d.findElement(By.id("composer-send")).click();
    wait(d, x -> input.getDomProperty("value").isEmpty());
  }

  private static void awaitMessage(WebDriver d, String from, String text) {
    wait(d, x -> {
      for (WebElement m : x.findElements(By.cssSelector(".msg"))) {
        if (from.equals(m.getDomAttribute("data-from")) && text.equals(m.getDomAttribute("data-text"))) return true;
      }
      return null;
    });
  }

  /** Waits until the members list shows exactly these names (any order). */
  private static void awaitMembers(WebDriver d, String... names) {
    List<String> want = List.of(names).stream().sorted().toList();
    wait(d, x -> x.findElements(By.cssSelector("#members li")).stream().map(li -> li.getDomAttribute("data-name"))
        .sorted().toList().equals(want));
  }

  /** Waits until the status bar's server number {@code attribute} satisfies {@code wanted}; returns it. */
  private static long serverStat(WebDriver d, String attribute, java.util.function.LongPredicate wanted) {
    return wait(d, x -> {
      String v = x.findElement(By.id("server-stats")).getDomAttribute(attribute);
      return v != null && wanted.test(Long.parseLong(v)) ? Long.parseLong(v) : null;
    });
  }

  private static String lastSystemLine(WebDriver d) {
    return wait(d, x -> {
      List<WebElement> sys = x.findElements(By.cssSelector("#timeline .sys"));
      return sys.isEmpty() ? null : sys.get(sys.size() - 1).getText();
    });
  }

  private static void awaitWorkers(WebDriver d, List<String> names) {
    List<String> want = names.stream().sorted().toList();
    wait(d, x -> x.findElements(By.cssSelector("#workers li[data-name]")).stream()
        .map(li -> li.getDomAttribute("data-name")).sorted().toList().equals(want));
  }

  /** Starts a batch from the page's form; returns its id (the newest row on the board). */
  private static String runBatch(WebDriver d, String limit, int jobs) {
    List<String> before = d.findElements(By.cssSelector("#batches li[data-id]")).stream()
        .map(li -> li.getDomAttribute("data-id")).toList();
    new Select(d.findElement(By.id("batch-limit"))).selectByValue(limit);
    WebElement count = d.findElement(By.id("batch-jobs"));
    count.clear();
    count.sendKeys(String.valueOf(jobs));
    d.findElement(By.id("batch-run")).click();
    return wait(d, x -> x.findElements(By.cssSelector("#batches li[data-id]")).stream()
        .map(li -> li.getDomAttribute("data-id")).filter(id -> !before.contains(id)).findFirst().orElse(null));
  }

  private static WebElement awaitBatch(WebDriver d, String id) {
    return wait(d, x -> {
      WebElement row = x.findElement(By.cssSelector("#batches li[data-id='" + id + "']"));
      return "true".equals(row.getDomAttribute("data-finished")) ? row : null;
    });
  }

  private static <T> T failedCard(WebElement card) {
    if ("failed".equals(card.getDomAttribute("data-state"))) throw new AssertionError("transfer failed: " + card.getText());
    return null;
  }

  private static <T> T wait(WebDriver d, Function<WebDriver, T> condition) {
    return new WebDriverWait(d, TIMEOUT, Duration.ofMillis(50))
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .withMessage(() -> "page state: " + d.findElement(By.tagName("body")).getText())
        .until(x -> {
          T v = condition.apply(x);
          return Boolean.FALSE.equals(v) ? null : v;
        });
  }

  private void screenshot(WebDriver d, String what) throws IOException {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) d).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(String.format("%s-%02d-%s.png", test, ++shot, what)), png);
  }

  private static Path randomFile(String name, int size) throws IOException {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    Path p = FILES.resolve(name);
    Files.write(p, b);
    return p;
  }

  private static String sha256(Path p) throws IOException {
    return HexFormat.of().formatHex(org.libchan4j.demo.Files.sha256().digest(Files.readAllBytes(p)));
  }

  /** The terminal client's output, line by line, with waits on what has been printed. */
  private static final class Lines extends OutputStream {
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(current.toString(StandardCharsets.UTF_8));
        current.reset();
        notifyAll();
      } else {
        current.write(b);
      }
    }

    synchronized String await(Predicate<String> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      for (int seen = 0; ; ) {
        for (; seen < lines.size(); seen++) if (wanted.test(lines.get(seen))) return lines.get(seen);
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("the terminal did not print the expected line; it printed:\n" + all());
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    synchronized String all() {
      return String.join("\n", lines);
    }
  }
}
