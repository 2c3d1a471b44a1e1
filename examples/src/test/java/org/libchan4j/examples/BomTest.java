package org.libchan4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM (bom/pom.xml, deliberately without the build's parent) stays in step with the build: its version is the
 * project's, and it lists exactly the artifacts a user depends on, each a module of the build.
 */
class BomTest {
  /** What users depend on; the other modules (tests, examples, demo, bench) are not published for use. */
  private static final Set<String> PUBLISHED = Set.of("libchan4j-core", "libchan4j-websocket", "libchan4j-server",
      "libchan4j-client", "libchan4j-socket", "libchan4j-client-js", "libchan4j-micrometer");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void theBomListsThePublishedModulesAtTheProjectsVersion() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String parent = Files.readString(root.resolve("pom.xml"));
    String bom = Files.readString(root.resolve("bom/pom.xml"));
    assertEquals(ownVersion(parent), ownVersion(bom), "the BOM's version follows the project's");

    String managed = bom.substring(bom.indexOf("<dependencyManagement>"), bom.indexOf("</dependencyManagement>"));
    Set<String> listed = new TreeSet<>();
    Matcher m = ARTIFACT.matcher(managed);
    while (m.find()) listed.add(m.group(1));
    assertEquals(new TreeSet<>(PUBLISHED), listed, "the BOM manages exactly the published artifacts");

    List<String> modules = new ArrayList<>();
    Matcher mod = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (mod.find()) modules.add(mod.group(1));
    Set<String> built = new TreeSet<>();
    for (String module : modules) {
      String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
      String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
      Matcher a = ARTIFACT.matcher(afterParent);
      assertTrue(a.find(), module + " has an artifactId");
      built.add(a.group(1));
    }
    assertTrue(built.containsAll(PUBLISHED), "every BOM entry is a module of the build: " + built);
  }

  @Test
  void theModulesOutsideTheBomSkipTheirSourcesJavadocAndPublication() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Matcher mod = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
    int unpublished = 0;
    while (mod.find()) {
      String pom = Files.readString(root.resolve(mod.group(1)).resolve("pom.xml"));
      Matcher a = ARTIFACT.matcher(pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom);
      assertTrue(a.find(), mod.group(1) + " has an artifactId");
      boolean skipsPublishing = pom.contains("<skipPublishing>true</skipPublishing>");
      if (PUBLISHED.contains(a.group(1)) || a.group(1).equals("libchan4j-bom")) {
        assertFalse(skipsPublishing, a.group(1) + " is published");
      } else {
        unpublished++;
        // The release profile's bundle leaves it out; the normal build makes no sources or javadoc jar for it.
        assertTrue(skipsPublishing, a.group(1) + " is not in the BOM: it sets skipPublishing");
        assertTrue(pom.contains("<maven.source.skip>true</maven.source.skip>"), a.group(1) + " skips sources");
        assertTrue(pom.contains("<maven.javadoc.skip>true</maven.javadoc.skip>"), a.group(1) + " skips javadoc");
      }
    }
    assertTrue(unpublished >= 5, "the tests, examples, demo and bench modules are not published");
  }

  @Test
  void theBomsReleaseProfileIsTheParents() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String parent = releasePlugins(Files.readString(root.resolve("pom.xml")));
    assertTrue(parent.contains("central-publishing-maven-plugin") && parent.contains("maven-gpg-plugin"), parent);
    // Parentless, the BOM repeats the profile; signed and bundled the same way, or the release misses it.
    assertEquals(parent, releasePlugins(Files.readString(root.resolve("bom/pom.xml"))));
  }

  /** The plugins of a pom's release profile, without comments and layout. */
  private static String releasePlugins(String pom) {
    String profile = pom.substring(pom.indexOf("<id>release</id>"));
    String plugins = profile.substring(profile.indexOf("<plugins>"), profile.indexOf("</plugins>"));
    return plugins.replaceAll("(?s)<!--.*?-->", "").replaceAll("\\s+", "");
  }

  /** The project's own version: the first version after the artifactId that follows any parent block. */
  private static String ownVersion(String pom) {
    String afterParent = pom.contains("</parent>") ? pom.substring(pom.indexOf("</parent>")) : pom;
    Matcher v = Pattern.compile("<version>([^<]+)</version>").matcher(afterParent);
    assertTrue(v.find());
    return v.group(1);
  }
}
