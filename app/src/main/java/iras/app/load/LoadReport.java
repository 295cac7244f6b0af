package iras.app.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The figures of one run. {@code averageLatency} is the course grader's measure, total time divided by requests;
 * the percentiles are of each request's own time.
 *
 * @param correct answers equal to the expected {@code name:label}; null when no expected labels were given
 * @param problems one line per wrong or failed request, for a person to read
 */
record LoadReport(
    int sent,
    int answered,
    Integer correct,
    Integer wrong,
    int failed,
    double totalSeconds,
    double averageLatency,
    double p50,
    double p95,
    double p99,
    List<String> problems) {

  /**
   * @param bareLabel the older clients' contract: the body is the label alone
   */
  static LoadReport of(List<Outcome> outcomes, Optional<ExpectedLabels> expected, boolean bareLabel) {
    int answered = 0;
    int correct = 0;
    int wrong = 0;
    List<String> problems = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Outcome o : outcomes) {
      first = Math.min(first, o.startNanos());
      last = Math.max(last, o.endNanos());
      if (!o.answered()) {
        problems.add(o.name() + ": failed, " + (o.status() == 0 ? "" : "HTTP " + o.status() + ": ") + o.body());
        continue;
      }
      answered++;
      if (expected.isPresent()) {
        Optional<String> label = expected.get().of(o.name());
        String want = label.map(l -> bareLabel ? l : o.name() + ":" + l).orElse(null);
        if (o.body().equals(want)) {
          correct++;
        } else {
          wrong++;
          problems.add(o.name() + ": got '" + o.body() + "', expected " + (want == null ? "no label known" : "'" + want + "'"));
        }
      }
    }
    double total = outcomes.isEmpty() ? 0 : (last - first) / 1e9;
    double[] seconds = outcomes.stream().mapToDouble(Outcome::seconds).sorted().toArray();
    return new LoadReport(
        outcomes.size(),
        answered,
        expected.isPresent() ? correct : null,
        expected.isPresent() ? wrong : null,
        outcomes.size() - answered,
        total,
        outcomes.isEmpty() ? 0 : total / outcomes.size(),
        percentile(seconds, 0.50),
        percentile(seconds, 0.95),
        percentile(seconds, 0.99),
        List.copyOf(problems));
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  boolean allAnsweredAndCorrect() {
    return failed == 0 && (wrong == null || wrong == 0);
  }

  String summary() {
    return String.format(
        "sent %d, answered %d, correct %s, wrong %s, failed %d%n"
            + "total %.2f s, average latency (total/requests) %.3f s, per request p50 %.3f s, p95 %.3f s, p99 %.3f s",
        sent, answered, correct == null ? "n/a" : correct, wrong == null ? "n/a" : wrong, failed,
        totalSeconds, averageLatency, p50, p95, p99);
  }
}
