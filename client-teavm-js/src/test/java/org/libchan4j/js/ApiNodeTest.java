package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JavaScript API of the built module, under node against a fake WebSocket: exact bytes, value mapping, errors
 * and lifecycle without a browser (src/test/js/api.test.mjs), the extended mode (extended.test.mjs), and parity with
 * the JVM session: forwarding, stream fail and cancel, maxBufferedBytes, cancel-safe receives and select
 * (parity.test.mjs). Each node test is reported as one JUnit test.
 */
class ApiNodeTest {
  /** A top-level TAP result line of node's test runner: "ok 3 - name" or "not ok 3 - name". */
  private static final Pattern RESULT = Pattern.compile("^(not ok|ok) \\d+ - (.*)$");

  @TestFactory
  Stream<DynamicNode> apiUnderNode() throws Exception {
    List<DynamicNode> scripts = new ArrayList<>();
    for (String script : List.of("api.test.mjs", "extended.test.mjs", "parity.test.mjs")) {
      scripts.add(DynamicContainer.dynamicContainer(script, results(script)));
    }
    return scripts.stream();
  }

  private static Stream<DynamicTest> results(String script) throws Exception {
    String tap = Node.run(1, List.of("--test", "--test-reporter=tap"), script);
    List<DynamicTest> tests = new ArrayList<>();
    String[] lines = tap.split("\n");
    for (int i = 0; i < lines.length; i++) {
      Matcher m = RESULT.matcher(lines[i]);
      if (!m.matches()) continue;
      boolean ok = m.group(1).equals("ok");
      StringBuilder details = new StringBuilder();
      for (int j = i + 1; j < lines.length && lines[j].startsWith("  "); j++) details.append(lines[j]).append('\n');
      tests.add(DynamicTest.dynamicTest(m.group(2), () -> {
        if (!ok) fail("node test failed:\n" + details);
      }));
    }
    assertFalse(tests.isEmpty(), "no test results in node's output of " + script + ":\n" + tap);
    return tests.stream();
  }
}
