package org.libchan4j.client.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.libchan4j.client.soak.Soak.Report;
import org.libchan4j.client.soak.Soak.Sample;

/** Writes a soak report as CSV, as an SVG chart drawn here (no charting library) and as a text summary. */
final class Chart {
  private static final int WIDTH = 900;
  private static final int PANEL = 150;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;

  private Chart() {}

  record Series(String name, String color, ToDoubleFunction<Sample> value) {}

  record Panel(String title, List<Series> series) {}

  static final List<Panel> PANELS = List.of(
      new Panel("heap used after GC hint (MB)", List.of(new Series("heap", "#1f77b4", Sample::heapMb))),
      new Panel("live threads", List.of(new Series("threads", "#ff7f0e", Sample::threads))),
      new Panel("open file descriptors", List.of(new Series("fds", "#2ca02c", Sample::fds))),
      new Panel("sessions open", List.of(new Series("client", "#9467bd", Sample::clientSessions),
          new Series("server", "#8c564b", Sample::serverSessions))),
      new Panel("messages (cumulative)", List.of(new Series("sent", "#d62728", Sample::sent),
          new Series("received", "#17becf", Sample::received),
          new Series("lost + duplicated", "#000000", s -> s.lost() + s.duplicated()))),
      new Panel("connection cuts / session resumes (cumulative)", List.of(new Series("cuts", "#e377c2", Sample::cuts),
          new Series("client resumes", "#7f7f7f", Sample::resumes))));

  static void writeCsv(Report report, Path file) throws IOException {
    StringBuilder b = new StringBuilder("seconds,heap_mb,threads,fds,client_sessions,server_sessions,sent,received,"
        + "lost,duplicated,rounds,cuts,suspends,resumes,errors\n");
    for (Sample s : report.samples()) {
      b.append(String.format(Locale.ROOT, "%.1f,%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d%n", s.seconds(),
          s.heapMb(), s.threads(), s.fds(), s.clientSessions(), s.serverSessions(), s.sent(), s.received(), s.lost(),
          s.duplicated(), s.rounds(), s.cuts(), s.suspends(), s.resumes(), s.errors()));
    }
    Files.writeString(file, b);
  }

  static void writeSvg(Report report, Path file) throws IOException {
    List<Sample> samples = report.samples();
    double maxT = Math.max(1, samples.stream().mapToDouble(Sample::seconds).max().orElse(1));
    int height = 40 + PANELS.size() * (PANEL + 40);
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
        WIDTH, height));
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">libchan4j soak: %d sessions, "
        + "%d s, %d messages, %d lost, %d duplicated</text>%n", LEFT, report.config().sessions(),
        Math.round(maxT), report.sent(), report.lost(), report.duplicated()));
    int top = 40;
    int plotW = WIDTH - LEFT - RIGHT;
    for (Panel p : PANELS) {
      double max = 0;
      for (Series s : p.series()) max = Math.max(max, samples.stream().mapToDouble(s.value()).max().orElse(0));
      max = max <= 0 ? 1 : max * 1.05;
      int y0 = top + 20;
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT, top + 12,
          p.title()));
      b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
          + "stroke=\"#ccc\"/>%n", LEFT, y0, plotW, PANEL));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
          y0 + 10, label(max)));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", LEFT - 6,
          y0 + PANEL));
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d s</text>%n",
          LEFT + plotW, y0 + PANEL + 14, Math.round(maxT)));
      int legendX = LEFT + 330;
      for (Series s : p.series()) {
        StringBuilder points = new StringBuilder();
        for (Sample sample : samples) {
          double x = LEFT + plotW * sample.seconds() / maxT;
          double y = y0 + PANEL - PANEL * s.value().applyAsDouble(sample) / max;
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        b.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
            + "points=\"%s\"/>%n", s.color(), points.toString().trim()));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", legendX, top + 12,
            s.color(), s.name()));
        legendX += 130;
      }
      top += PANEL + 40;
    }
    b.append("</svg>\n");
    Files.writeString(file, b);
  }

  private static String label(double v) {
    if (v >= 1e6) return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    if (v >= 1e4) return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String summary(Report r) {
    return String.format(Locale.ROOT, """
        sessions            %d (workers %d, cut %.0f%% of connections every %d ms)
        duration            %.0f s
        rounds              %d
        messages sent       %d
        messages received   %d
        lost                %d
        duplicated          %d
        corrupt streams     %d
        bytes streamed      %d
        select timeouts     %d (each took nothing)
        connection cuts     %d
        suspends / resumes  %d / %d (client side)
        errors              %d
        clean closes        %d client, %d server
        heap MB             baseline %.1f, peak %.1f, after %.1f
        threads             baseline %d, peak %d, after %d
        descriptors         baseline %d, peak %d, after %d
        """, r.config().sessions(), r.config().workers(), r.config().cutFraction() * 100,
        r.config().cutEvery().toMillis(), r.samples().isEmpty() ? 0 : r.samples().get(r.samples().size() - 1).seconds(),
        r.rounds(), r.sent(), r.received(), r.lost(), r.duplicated(), r.corruptStreams(), r.bytes(),
        r.selectTimeouts(), r.cuts(), r.suspends(), r.resumes(), r.errors(), r.cleanClientCloses(),
        r.cleanServerCloses(), r.baseline().heapMb(), r.peak().heapMb(), r.after().heapMb(), r.baseline().threads(),
        r.peak().threads(), r.after().threads(), r.baseline().fds(), r.peak().fds(), r.after().fds());
  }
}
