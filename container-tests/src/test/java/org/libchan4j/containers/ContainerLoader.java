package org.libchan4j.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts the test application of one container in a class loader of its own: the server side (libchan4j server
 * and websocket jars, the container's jars and {@code org.libchan4j.containers.app}) comes from the class path the
 * build wrote for that container, which has no Tyrus; only the JDK, libchan4j-core, Gson and this package are
 * shared with the test, so server sessions are ordinary {@code Session}s to it. The Java client (Tyrus) stays in
 * the test's loader.
 */
public final class ContainerLoader extends URLClassLoader {
  private static final ClassLoader TEST = ContainerLoader.class.getClassLoader();

  private ContainerLoader(String container, URL[] urls) {
    super("container-" + container, urls, ClassLoader.getPlatformClassLoader());
  }

  /** Starts {@code org.libchan4j.containers.app.<Name>App} for container {@code tomcat} or {@code jetty}. */
  public static ContainerApp start(String container) {
    ContainerLoader loader = new ContainerLoader(container, urls(container));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // the container's threads, made while it starts, inherit it
    try {
      String name = "org.libchan4j.containers.app." + Character.toUpperCase(container.charAt(0))
          + container.substring(1) + "App";
      return (ContainerApp) Class.forName(name, true, loader).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("could not start " + container, e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static URL[] urls(String container) {
    List<Path> paths = new ArrayList<>();
    paths.add(Path.of(property("containers.classes")));
    try {
      for (String p : Files.readString(Path.of(property("containers." + container + ".classpath"))).trim()
          .split(java.io.File.pathSeparator)) {
        paths.add(Path.of(p));
      }
      String api = System.getProperty("containers." + container + ".api");
      if (api != null) {
        try (Stream<Path> jars = Files.list(Path.of(api))) {
          jars.sorted().forEach(paths::add);
        }
      }
      List<URL> urls = new ArrayList<>();
      for (Path p : paths) urls.add(p.toUri().toURL());
      return urls.toArray(new URL[0]);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("the build writes the container class paths (mvn generate-test-resources)", e);
    }
  }

  private static String property(String name) {
    String v = System.getProperty(name);
    if (v == null) throw new IllegalStateException("system property " + name + " is set by the module's pom");
    return v;
  }

  /** Shared with the test: libchan4j-core and Gson (the types a session hands out) and the bridge package. */
  private static boolean shared(String name) {
    if (name.startsWith("com.google.gson.")) return true;
    if (!name.startsWith("org.libchan4j.")) return false;
    return !name.startsWith("org.libchan4j.server.") && !name.startsWith("org.libchan4j.websocket.")
        && !name.startsWith("org.libchan4j.containers.app.");
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    return shared(name) ? TEST.loadClass(name) : super.loadClass(name, resolve);
  }

  static {
    registerAsParallelCapable();
  }
}
