package iras.web.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void histogramBucketsAreCumulativeAndEndInInf() {
    Metrics metrics = new Metrics();
    Metrics.Histogram h = metrics.histogram("t_seconds", "test", new double[] {0.1, 1}, "handler");
    h.observe(0.05, "api");
    h.observe(0.5, "api");
    h.observe(5, "api");
    String text = metrics.scrape();
    assertTrue(text.contains("# TYPE t_seconds histogram\n"), text);
    assertTrue(text.contains("t_seconds_bucket{handler=\"api\",le=\"0.1\"} 1\n"), text);
    assertTrue(text.contains("t_seconds_bucket{handler=\"api\",le=\"1.0\"} 2\n"), text);
    assertTrue(text.contains("t_seconds_bucket{handler=\"api\",le=\"+Inf\"} 3\n"), text);
    assertTrue(text.contains("t_seconds_count{handler=\"api\"} 3\n"), text);
  }

  @Test
  void labelValuesAreEscapedAndAFailingGaugeIsLeftOut() {
    Metrics metrics = new Metrics();
    metrics.counter("c_total", "test", "name").inc("say \"hi\"\n");
    metrics.gauge("broken", "test", () -> {
      throw new IllegalStateException("queue unreachable");
    });
    String text = metrics.scrape();
    assertTrue(text.contains("c_total{name=\"say \\\"hi\\\"\\n\"} 1\n"), text);
    assertFalse(text.contains("broken"), text);
  }
}
