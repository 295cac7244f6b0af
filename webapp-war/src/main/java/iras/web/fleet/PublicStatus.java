package iras.web.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The controller's status as the fleet page may show it: instances by name and state, queue and counts, without
 * what tells an attacker about the host (process ids, EC2 instance ids, log and data-folder paths).
 */
final class PublicStatus {
  private static final Set<String> FLEET = Set.of("fleet", "at", "queue", "desired", "actual", "min", "max",
      "jobsDone", "instances", "recentlyGone", "events");
  private static final Set<String> INSTANCE = Set.of("name", "state", "since", "held", "jobsDone",
      "lastHeartbeat", "reason");
  private static final Pattern LOG = Pattern.compile("\\s*\\(log: [^)]*\\)");
  private static final Pattern PROCESS = Pattern.compile("\\b(process|pid|instance) [\\w-]*\\d[\\w-]*");
  private static final Pattern PATH = Pattern.compile("(?:[A-Za-z]:)?(?:[/\\\\][\\w.@+-]+){2,}[/\\\\]?");

  private PublicStatus() {}

  static Map<String, Object> of(Map<?, ?> controller) {
    Map<String, Object> shown = new LinkedHashMap<>();
    controller.forEach((k, v) -> {
      if (FLEET.contains(k)) {
        shown.put((String) k, k.equals("instances") || k.equals("recentlyGone") ? instances(v) : v);
      }
    });
    return shown;
  }

  private static Object instances(Object listed) {
    if (!(listed instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(Map.class::isInstance).map(i -> {
      Map<String, Object> shown = new LinkedHashMap<>();
      ((Map<?, ?>) i).forEach((k, v) -> {
        if (INSTANCE.contains(k)) {
          shown.put((String) k, k.equals("reason") && v instanceof String reason ? scrub(reason) : v);
        }
      });
      return shown;
    }).toList();
  }

  /** A reason without the ids and paths a fleet writes into it: "process 4242 exited with 1 (log: …)". */
  static String scrub(String reason) {
    String r = LOG.matcher(reason).replaceAll("");
    r = PROCESS.matcher(r).replaceAll("$1");
    return PATH.matcher(r).replaceAll("…");
  }
}
