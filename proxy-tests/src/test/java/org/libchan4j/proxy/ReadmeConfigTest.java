package org.libchan4j.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README documents the nginx configuration these tests run, not a copy that drifts from it. */
class ReadmeConfigTest {
  @Test
  void readmeShowsTheTestedSiteConfiguration() throws Exception {
    Path readme = Path.of(System.getProperty("libchan4j.readme", "../README.md"));
    String text = Files.readString(readme);
    int section = text.indexOf("\n## Behind nginx\n");
    assertTrue(section >= 0, readme + " has no 'Behind nginx' section");
    int start = text.indexOf("```nginx\n", section);
    assertTrue(start >= 0, "no nginx block in the 'Behind nginx' section");
    start += "```nginx\n".length();
    int end = text.indexOf("```", start);
    assertEquals(Nginx.siteTemplate(), text.substring(start, end),
        "README's snippet differs from proxy-tests/src/test/resources/org/libchan4j/proxy/chan-site.conf");
  }
}
