package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * The npm package as a user gets it: the tarball the build packed (target/libchan4j-VERSION.tgz) is installed into a
 * fresh project under target/ (with {@code ws} and its types from this module's node_modules, offline, through an
 * empty npm cache: nothing is fetched), which then imports {@code libchan4j} in node with {@code ws} and connects
 * to a real {@link ChanServer}, requires the UMD build from CommonJS, bundles the package with esbuild and runs
 * the bundle, and type-checks with {@code tsc --strict} under node16 and bundler resolution; and connect errors in
 * node say what happened. The project's files are src/test/npm-consumer.
 */
class NpmPackageTest {
  private static final Path CONSUMER = Node.TARGET.resolve("npm-consumer");
  private static final Path TOOLS = Node.MODULE.resolve("node_modules");
  private static final Gson GSON = new Gson();

  record Reply(String text, int n) {}

  record Request(String cmd, Sender<Reply> replyTo) {}

  private static ChanServer server;
  private static ChanServer authenticating;

  @BeforeAll
  static void installTheTarballIntoAFreshProject() throws Exception {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> answer(session.accept(Request.class)))
        .build()).build().start();
    authenticating = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> session.close())
        .authenticator(h -> "Bearer good".equals(h.header("Authorization")) ? AuthResult.allow()
            : AuthResult.unauthorized("no token"))
        .build()).build().start();

    String version = GSON.fromJson(Files.readString(Node.DIST.resolve("package.json")), JsonObject.class)
        .get("version").getAsString();
    Path tarball = Node.TARGET.resolve("libchan4j-" + version + ".tgz");
    assertTrue(Files.isRegularFile(tarball), tarball + " is missing: the build packs it in process-classes (npm-pack)");
    deleteTree(CONSUMER);
    Files.createDirectories(CONSUMER);
    try (Stream<Path> files = Files.list(Node.MODULE.resolve("src/test/npm-consumer"))) {
      for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, CONSUMER.resolve(f.getFileName()));
    }
    List<String> install = new ArrayList<>(List.of("npm", "install", "--offline", "--install-links", "--no-audit",
        "--no-fund", "--loglevel=error", "--cache", Node.TARGET.resolve("npm-consumer-cache").toString(),
        tarball.toString()));
    for (String dep : List.of("ws", "@types/ws", "@types/node", "undici-types")) {
      Path dir = TOOLS.resolve(dep);
      assertTrue(Files.isDirectory(dir), dir + " is missing: npm ci installs it from package-lock.json");
      install.add(dir.toString());
    }
    Node.exec(CONSUMER, 0, install);
  }

  private static void answer(Receiver<Request> requests) throws InterruptedException {
    for (Request r : requests) {
      for (int n = 1; n <= 2; n++) r.replyTo().send(new Reply(r.cmd(), n));
      r.replyTo().close();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) server.shutdown(Duration.ofSeconds(5));
    if (authenticating != null) authenticating.shutdown(Duration.ofSeconds(5));
  }

  private static String node(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node"));
    command.addAll(List.of(args));
    return Node.exec(CONSUMER, 0, command);
  }

  private static void assertReplies(String cmd, String json) {
    JsonObject out = GSON.fromJson(json, JsonObject.class);
    assertEquals("extended", out.get("mode").getAsString(), json);
    assertEquals(GSON.toJsonTree(List.of(new Reply(cmd, 1), new Reply(cmd, 2))), out.get("got"), json);
  }

  @Test
  void theInstalledPackageIsWhatNpmUsersNeed() throws Exception {
    Path pkg = CONSUMER.resolve("node_modules/libchan4j");
    JsonObject json = GSON.fromJson(Files.readString(pkg.resolve("package.json")), JsonObject.class);
    assertEquals("Apache-2.0", json.get("license").getAsString());
    assertTrue(json.getAsJsonObject("repository").get("url").getAsString().contains("github.com"));
    assertTrue(json.getAsJsonObject("engines").has("node"));
    assertTrue(json.getAsJsonObject("peerDependenciesMeta").getAsJsonObject("ws").get("optional").getAsBoolean());
    for (String f : List.of("libchan4j.js", "libchan4j.d.ts", "umd/libchan4j.umd.js", "umd/libchan4j.umd.d.ts",
        "umd/package.json", "README.md", "LICENSE")) {
      assertTrue(Files.isRegularFile(pkg.resolve(f)), f + " is in the package");
    }
    String readme = Files.readString(pkg.resolve("README.md"));
    assertTrue(readme.contains("npm install libchan4j ws"), "the README says how to install");
    assertTrue(readme.contains("from 'libchan4j'") && !readme.contains("./libchan4j.js"), "imports the package");
    assertTrue(readme.contains("OriginPolicy"), "the README explains the Origin policy for dev servers");
  }

  @Test
  void nodeImportsThePackageAndConnectsWithWs() throws Exception {
    assertReplies("esm", node("esm.mjs", server.uri().toString()));
  }

  @Test
  void commonJsRequiresTheUmdBuild() throws Exception {
    assertReplies("cjs", node("cjs.cjs", server.uri().toString()));
  }

  @Test
  void esbuildBundlesThePackageAndTheBundleConnects() throws Exception {
    String inputs = Node.exec(CONSUMER, 0, List.of("node", Node.MODULE.resolve("src/test/js/npm-bundle.mjs")
        .toString(), CONSUMER.toString()));
    assertTrue(inputs.contains("node_modules/libchan4j/libchan4j.js"), "bundled from the installed package: " + inputs);
    assertReplies("bundle", node("bundled.mjs", server.uri().toString()));
  }

  @Test
  void typeChecksStrictUnderNode16AndBundlerResolution() throws Exception {
    String tsc = TOOLS.resolve("typescript/bin/tsc").toString();
    for (String config : List.of("tsconfig.node16.json", "tsconfig.bundler.json")) {
      assertEquals("", Node.exec(CONSUMER, 0, List.of("node", tsc, "-p", config)).strip(), config);
    }
  }

  @Test
  void connectErrorsInNodeSayWhatHappened() throws Exception {
    int closedPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = free.getLocalPort();
    }
    String unreachable = "ws://127.0.0.1:" + closedPort + "/chan";
    JsonObject out = GSON.fromJson(node("errors.mjs", server.uri().toString(), authenticating.uri().toString(),
        unreachable), JsonObject.class);

    JsonObject origin = out.getAsJsonObject("origin");
    assertEquals("CONNECT_FAILED", origin.get("code").getAsString(), origin.toString());
    assertEquals(403, origin.get("httpStatus").getAsInt());
    assertEquals("could not connect to " + server.uri() + ": HTTP 403 Origin Not Allowed: the server's OriginPolicy"
        + " refused the Origin header", origin.get("message").getAsString());

    JsonObject auth = out.getAsJsonObject("auth");
    assertEquals(401, auth.get("httpStatus").getAsInt(), auth.toString());
    assertTrue(auth.get("message").getAsString().endsWith(": HTTP 401 Unauthorized: the server's Authenticator"
        + " refused the credentials"), auth.toString());
    assertTrue(out.getAsJsonObject("authorized").get("connected").getAsBoolean(), "ws options reach the server");

    JsonObject gone = out.getAsJsonObject("unreachable");
    assertEquals("CONNECT_FAILED", gone.get("code").getAsString(), gone.toString());
    assertTrue(gone.get("httpStatus").isJsonNull(), gone.toString());
    String message = gone.get("message").getAsString();
    assertTrue(message.startsWith("could not connect to " + unreachable + ": connect ECONNREFUSED 127.0.0.1:"
        + closedPort), message);
    assertFalse(message.contains("OriginPolicy"), message);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
    }
  }
}
