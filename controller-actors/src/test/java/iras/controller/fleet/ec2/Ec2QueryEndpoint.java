package iras.controller.fleet.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An HTTP endpoint on loopback that speaks the EC2 Query protocol (form-encoded {@code Action=…} requests, XML
 * answers in the EC2 namespace) for exactly the actions the fleet uses, over a small model of instances. EC2 cannot
 * run here; this keeps the real SDK client, its serialization and its parsing in the test. Every request is recorded.
 */
final class Ec2QueryEndpoint implements AutoCloseable {
  private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  /** EC2's stateReason message after a StopInstances or TerminateInstances request. */
  static final String USER_SHUTDOWN = "Client.UserInitiatedShutdown: User initiated shutdown";

  /** One instance of the model. */
  static final class Vm {
    final String id;
    String state;
    /** Why it last changed state by a request, as EC2's stateReason: set by a stop or a termination. */
    String reason;
    final Map<String, String> tags = new LinkedHashMap<>();

    Vm(String id, String state, Map<String, String> tags) {
      this.id = id;
      this.state = state;
      this.tags.putAll(tags);
    }
  }

  private final HttpServer server;
  private final List<Map<String, String>> requests = new ArrayList<>();
  private final Map<String, Vm> vms = new LinkedHashMap<>();
  private int next = 1;
  private String failNext;
  private final Set<String> unlisted = new HashSet<>();
  private int mostLive;

  Ec2QueryEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized Vm add(String state, Map<String, String> tags) {
    Vm vm = new Vm(String.format("i-%017x", next++), state, tags);
    vms.put(vm.id, vm);
    countLive();
    return vm;
  }

  /** Every instance of the model, each a copy as it stands. */
  synchronized List<Vm> instances() {
    return vms.values().stream().map(vm -> new Vm(vm.id, vm.state, vm.tags)).toList();
  }

  /** An instance changes state on its own, as on EC2 when a boot or a shutdown completes. */
  synchronized void become(String id, String state) {
    existing(id).state = state;
    countLive();
  }

  /**
   * The most instances pending or running at one time so far: checked at every change, so no instance over a cap
   * escapes notice between two looks.
   */
  synchronized int mostLive() {
    return mostLive;
  }

  private void countLive() {
    mostLive = Math.max(mostLive,
        (int) vms.values().stream().filter(vm -> vm.state.equals("pending") || vm.state.equals("running")).count());
  }

  /** Leaves the instance out of DescribeInstances, or puts it back, as EC2's eventually consistent listing does. */
  synchronized void listed(String id, boolean listed) {
    if (listed) {
      unlisted.remove(id);
    } else {
      unlisted.add(id);
    }
  }

  /** The next request for {@code action} gets an error EC2 gives to a caller without the right permission. */
  synchronized void failNext(String action) {
    failNext = action;
  }

  synchronized Vm vm(String id) {
    return vms.get(id);
  }

  /** How many requests have come since the last {@link #takeRequests()}. */
  synchronized int pending() {
    return requests.size();
  }

  /** The requests so far, each as its form parameters in order; cleared by the call. */
  synchronized List<Map<String, String>> takeRequests() {
    List<Map<String, String>> taken = List.copyOf(requests);
    requests.clear();
    return taken;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String xml;
      int code = 200;
      synchronized (this) {
        requests.add(form);
        try {
          xml = answer(form);
        } catch (IllegalStateException e) {
          code = 400;
          xml = "<Response><Errors><Error><Code>" + e.getMessage() + "</Code><Message>" + e.getMessage()
              + "</Message></Error></Errors><RequestID>req-" + requests.size() + "</RequestID></Response>";
        }
      }
      byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
      exchange.sendResponseHeaders(code, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private String answer(Map<String, String> form) {
    String action = form.get("Action");
    if (action.equals(failNext)) {
      failNext = null;
      throw new IllegalStateException("UnauthorizedOperation");
    }
    return switch (action) {
      case "RunInstances" -> {
        Map<String, String> tags = new LinkedHashMap<>();
        String tag = "TagSpecification.1.Tag.";
        for (int t = 1; form.containsKey(tag + t + ".Key"); t++) {
          tags.put(form.get(tag + t + ".Key"), form.get(tag + t + ".Value"));
        }
        Vm vm = add("pending", tags);
        yield envelope(action, "<reservationId>r-1</reservationId><ownerId>123456789012</ownerId><groupSet/>"
            + "<instancesSet>" + item(vm) + "</instancesSet>");
      }
      case "DescribeInstances" -> {
        Map<String, List<String>> filters = filters(form);
        String items = vms.values().stream().filter(vm -> !unlisted.contains(vm.id) && matches(vm, filters)).map(Ec2QueryEndpoint::item)
            .collect(Collectors.joining());
        yield envelope(action, "<reservationSet><item><reservationId>r-1</reservationId>"
            + "<ownerId>123456789012</ownerId><groupSet/><instancesSet>" + items
            + "</instancesSet></item></reservationSet>");
      }
      case "StartInstances" -> transition(action, form, "stopped", "pending");
      case "StopInstances" -> transition(action, form, "running|pending", "stopping");
      case "TerminateInstances" -> transition(action, form, ".*", "shutting-down");
      case "CreateTags" -> {
        Vm vm = existing(form.get("ResourceId.1"));
        for (int t = 1; form.containsKey("Tag." + t + ".Key"); t++) {
          vm.tags.put(form.get("Tag." + t + ".Key"), form.get("Tag." + t + ".Value"));
        }
        yield envelope(action, "<return>true</return>");
      }
      default -> throw new IllegalStateException("InvalidAction");
    };
  }

  private String transition(String action, Map<String, String> form, String from, String to) {
    StringBuilder items = new StringBuilder();
    for (int n = 1; form.containsKey("InstanceId." + n); n++) {
      Vm vm = existing(form.get("InstanceId." + n));
      if (!vm.state.matches(from)) {
        throw new IllegalStateException("IncorrectInstanceState");
      }
      String previous = vm.state;
      vm.state = to;
      vm.reason = action.equals("StartInstances") ? null : USER_SHUTDOWN;
      countLive();
      items.append("<item><instanceId>").append(vm.id).append("</instanceId>")
          .append("<currentState>").append(state(to)).append("</currentState>")
          .append("<previousState>").append(state(previous)).append("</previousState></item>");
    }
    return envelope(action, "<instancesSet>" + items + "</instancesSet>");
  }

  private Vm existing(String id) {
    Vm vm = vms.get(id);
    if (vm == null) {
      throw new IllegalStateException("InvalidInstanceID.NotFound");
    }
    return vm;
  }

  private static Map<String, List<String>> filters(Map<String, String> form) {
    Map<String, List<String>> filters = new TreeMap<>();
    for (int f = 1; form.containsKey("Filter." + f + ".Name"); f++) {
      List<String> values = new ArrayList<>();
      for (int v = 1; form.containsKey("Filter." + f + ".Value." + v); v++) {
        values.add(form.get("Filter." + f + ".Value." + v));
      }
      filters.put(form.get("Filter." + f + ".Name"), values);
    }
    return filters;
  }

  private static boolean matches(Vm vm, Map<String, List<String>> filters) {
    return filters.entrySet().stream().allMatch(f -> {
      if (f.getKey().equals("instance-state-name")) {
        return f.getValue().contains(vm.state);
      }
      if (f.getKey().startsWith("tag:")) {
        return f.getValue().contains(vm.tags.get(f.getKey().substring(4)));
      }
      throw new IllegalStateException("InvalidParameterValue");
    });
  }

  private static String item(Vm vm) {
    String tags = vm.tags.entrySet().stream()
        .map(t -> "<item><key>" + t.getKey() + "</key><value>" + t.getValue() + "</value></item>")
        .collect(Collectors.joining());
    return "<item><instanceId>" + vm.id + "</instanceId><imageId>ami-0123456789abcdef0</imageId>"
        + "<instanceState>" + state(vm.state) + "</instanceState><instanceType>t3.medium</instanceType>"
        + (vm.reason == null ? "" : "<stateReason><code>Client.UserInitiatedShutdown</code><message>" + vm.reason
            + "</message></stateReason>")
        + "<tagSet>" + tags + "</tagSet></item>";
  }

  private static String state(String name) {
    int code = switch (name) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      case "terminated" -> 48;
      case "stopping" -> 64;
      default -> 80;
    };
    return "<code>" + code + "</code><name>" + name + "</name>";
  }

  private static String envelope(String action, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + action + "Response xmlns=\"" + NS + "\">"
        + "<requestId>11111111-2222-3333-4444-555555555555</requestId>" + body + "</" + action + "Response>";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
