package iras.app.chaos;

import iras.app.Multipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load held during a fault: {@code requests} uploads, {@code concurrency} at a time, alternately through the REST
 * API ({@code POST /api/images}, a 202 names the job) and the course's endpoint ({@code POST /}, whose answer, 503 or
 * 504 names the job in {@code Content-Location} or its text). An upload that gets no such answer (the web tier was
 * down, the connection broke) was never accepted; it is sent again, as a client would, until {@code patience} runs
 * out.
 */
final class ChaosLoad {
  private static final Pattern API_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
  private static final Pattern NAMED_JOB = Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

  /** A job the service accepted: the image sent, and every label an answer gave for it. */
  record Accepted(String id, Path image, List<String> answeredLabels) {}

  record Result(Map<String, Accepted> accepted, int sent, int refusedThenResent, long millis) {}

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();
  private final URI web;
  private final List<Path> images;

  ChaosLoad(URI web, List<Path> images) {
    this.web = web;
    this.images = images;
  }

  Result run(int requests, int concurrency, Duration patience) throws Exception {
    long start = System.nanoTime();
    long deadline = start + patience.toNanos();
    Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    AtomicInteger resent = new AtomicInteger();
    Semaphore slots = new Semaphore(concurrency);
    ExecutorService threads = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        Path image = images.get(i % images.size());
        boolean course = i % 2 == 1;
        slots.acquire();
        all.add(threads.submit(() -> {
          try {
            while (System.nanoTime() < deadline) {
              Optional<Accepted> a = send(image, course);
              if (a.isPresent()) {
                accepted.put(a.get().id(), a.get());
                return null;
              }
              resent.incrementAndGet();
              Thread.sleep(250);
            }
            throw new AssertionError(image + " was never accepted within " + patience);
          } finally {
            slots.release();
          }
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      threads.shutdownNow();
    }
    return new Result(accepted, requests, resent.get(), (System.nanoTime() - start) / 1_000_000);
  }

  /** @return the job if the service named one, whatever else the answer said */
  private Optional<Accepted> send(Path image, boolean course) throws IOException, InterruptedException {
    HttpRequest request = new Multipart()
        .file(course ? "inputFile" : "file", image.getFileName().toString(), "application/octet-stream",
            Files.readAllBytes(image))
        .post(course ? web.resolve("/") : web.resolve("/api/images"));
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException broken) {
      return Optional.empty();
    }
    if (!course) {
      Matcher m = API_ID.matcher(r.body());
      return r.statusCode() == 202 && m.find()
          ? Optional.of(new Accepted(m.group(1), image, List.of())) : Optional.empty();
    }
    Optional<String> id = r.headers().firstValue("Content-Location").map(l -> l.substring(l.lastIndexOf('/') + 1));
    if (id.isEmpty() && (r.statusCode() == 503 || r.statusCode() == 504)) {
      Matcher m = NAMED_JOB.matcher(r.body());
      id = m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
    if (id.isEmpty()) {
      return Optional.empty();
    }
    List<String> labels = r.statusCode() == 200
        ? List.of(r.body().substring(r.body().indexOf(':') + 1).trim()) : List.of();
    return Optional.of(new Accepted(id.get(), image, labels));
  }
}
