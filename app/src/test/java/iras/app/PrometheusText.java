package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import iras.core.job.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus text with a Prometheus client's own parser. The Java client only writes the format, so this is
 * the Python client's ({@code prometheus_client.parser}, Debian's python3-prometheus-client), run as a process on
 * the exposition: a family it cannot parse fails the test rather than being skipped.
 */
final class PrometheusText {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String PARSE = String.join("\n",
      "import json, sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "families = {f.name: {'type': f.type, 'samples': [{'name': s.name, 'labels': s.labels, 'value': s.value}",
      "    for s in f.samples]} for f in text_string_to_metric_families(sys.stdin.read())}",
      "print(json.dumps(families))");

  /** One sample of a family: its series name (with _bucket, _count…), labels and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  record Family(String type, List<Sample> samples) {
    /** The value of the one sample named {@code name} whose labels include {@code labels}. */
    double value(String name, Map<String, String> labels) {
      List<Sample> matching = samples.stream()
          .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
      assertEquals(1, matching.size(), () -> name + labels + " in " + samples);
      return matching.get(0).value();
    }
  }

  record Families(Map<String, Family> families) {
    Family get(String name) {
      Family f = families.get(name);
      assertTrue(f != null, () -> "no family " + name + " among " + families.keySet());
      return f;
    }
  }

  private PrometheusText() {}

  /**
   * The value of the sample line {@code series} (name and labels as exposed), read as plain text, for a test that
   * reads a counter and needs no parser; empty when the line is absent.
   */
  static OptionalDouble sample(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  /** Skips the test where the parser is missing, except on CI, which installs it (.ci/run). */
  static void assumeInstalled() throws Exception {
    boolean installed = Files.isExecutable(PYTHON)
        && new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client").start().waitFor() == 0;
    assertTrue(installed || System.getenv("CI") == null, "python3-prometheus-client is not installed");
    assumeTrue(installed, "needs Prometheus' parser: apt-get install -y python3-prometheus-client");
  }

  static Families parse(String exposition) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", PARSE).redirectErrorStream(false).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the parser did not finish");
    assertEquals(0, p.exitValue(), () -> "Prometheus' parser refused the exposition: " + err + "\n" + exposition);
    return Json.read("{\"families\":" + out + "}", Families.class);
  }
}
