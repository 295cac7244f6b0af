package iras.web.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/** The web tier's counters, histograms and gauges, written in the Prometheus text format. */
public final class Metrics {
  private final List<Family> families = new CopyOnWriteArrayList<>();

  private abstract static class Family {
    final String name;
    final String help;
    final String type;
    final String[] labelNames;

    Family(String name, String help, String type, String[] labelNames) {
      this.name = name;
      this.help = help;
      this.type = type;
      this.labelNames = labelNames;
    }

    String labels(List<String> values, String... extra) {
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < labelNames.length; i++) {
        pairs.add(labelNames[i] + "=\"" + escape(values.get(i)) + "\"");
      }
      for (int i = 0; i < extra.length; i += 2) {
        pairs.add(extra[i] + "=\"" + extra[i + 1] + "\"");
      }
      return pairs.isEmpty() ? "" : "{" + String.join(",", pairs) + "}";
    }

    List<String> key(String[] values) {
      if (values.length != labelNames.length) {
        throw new IllegalArgumentException(name + " takes labels " + Arrays.toString(labelNames));
      }
      return List.of(values);
    }

    abstract void write(StringBuilder out);
  }

  /** A count that only goes up, one per combination of label values. */
  public static final class Counter extends Family {
    private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

    Counter(String name, String help, String[] labelNames) {
      super(name, help, "counter", labelNames);
    }

    public void inc(String... labelValues) {
      add(1, labelValues);
    }

    public void add(long n, String... labelValues) {
      counts.computeIfAbsent(key(labelValues), k -> new LongAdder()).add(n);
    }

    @Override
    void write(StringBuilder out) {
      counts.forEach((k, v) -> out.append(name).append(labels(k)).append(' ').append(v.sum()).append('\n'));
    }
  }

  /** Observations counted into cumulative buckets, as Prometheus histograms are. */
  public static final class Histogram extends Family {
    private final double[] bounds;
    private final Map<List<String>, Cells> cells = new ConcurrentHashMap<>();

    private record Cells(LongAdder[] buckets, DoubleAdder sum, LongAdder count) {}

    Histogram(String name, String help, double[] bounds, String[] labelNames) {
      super(name, help, "histogram", labelNames);
      this.bounds = bounds.clone();
    }

    public void observe(double value, String... labelValues) {
      Cells c = cells.computeIfAbsent(key(labelValues), k -> {
        LongAdder[] buckets = new LongAdder[bounds.length];
        Arrays.setAll(buckets, i -> new LongAdder());
        return new Cells(buckets, new DoubleAdder(), new LongAdder());
      });
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          c.buckets()[i].increment();
        }
      }
      c.sum().add(value);
      c.count().increment();
    }

    @Override
    void write(StringBuilder out) {
      cells.forEach((k, c) -> {
        for (int i = 0; i < bounds.length; i++) {
          out.append(name).append("_bucket").append(labels(k, "le", Double.toString(bounds[i])))
              .append(' ').append(c.buckets()[i].sum()).append('\n');
        }
        out.append(name).append("_bucket").append(labels(k, "le", "+Inf")).append(' ').append(c.count().sum())
            .append('\n');
        out.append(name).append("_sum").append(labels(k)).append(' ').append(c.sum().sum()).append('\n');
        out.append(name).append("_count").append(labels(k)).append(' ').append(c.count().sum()).append('\n');
      });
    }
  }

  private static final class Gauge extends Family {
    private final DoubleSupplier value;

    Gauge(String name, String help, DoubleSupplier value) {
      super(name, help, "gauge", new String[0]);
      this.value = value;
    }

    @Override
    void write(StringBuilder out) {
      out.append(name).append(' ').append(value.getAsDouble()).append('\n');
    }
  }

  public Counter counter(String name, String help, String... labelNames) {
    return add(new Counter(name, help, labelNames));
  }

  public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
    return add(new Histogram(name, help, bounds, labelNames));
  }

  /** A value read at each scrape; a supplier that throws leaves the gauge out of that scrape. */
  public void gauge(String name, String help, DoubleSupplier value) {
    add(new Gauge(name, help, value));
  }

  private <F extends Family> F add(F family) {
    families.add(family);
    return family;
  }

  public String scrape() {
    StringBuilder out = new StringBuilder();
    for (Family f : families) {
      StringBuilder samples = new StringBuilder();
      try {
        f.write(samples);
      } catch (RuntimeException unavailable) {
        continue;
      }
      out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      out.append(samples);
    }
    return out.toString();
  }

  private static String escape(String labelValue) {
    return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
