package iras.app.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends each image as one multipart {@code POST} the way the course's workload generator does, with at most
 * {@code concurrency} requests open at once, and records what each got back.
 */
public final class LoadRun {
  /**
   * One image to send: the file name the service sees, its bytes, read only when its turn comes, and the form
   * fields sent before it.
   */
  public record Image(String fileName, Bytes bytes, Map<String, String> fields) {
    public interface Bytes {
      byte[] read() throws IOException;
    }

    public Image(String fileName, Bytes bytes) {
      this(fileName, bytes, Map.of());
    }

    public static Image of(Path file) {
      return new Image(file.getFileName().toString(), () -> Files.readAllBytes(file));
    }

    public Image withField(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(fields);
      more.put(name, value);
      return new Image(fileName, bytes, more);
    }
  }

  private final URI url;
  private final String field;
  private final int concurrency;
  private final Duration timeout;
  private final Optional<String> key;
  private final HttpClient http;
  private final AtomicInteger done = new AtomicInteger();

  /** Without a key, as the course's clients send. */
  public LoadRun(URI url, String field, int concurrency, Duration timeout) {
    this(url, field, concurrency, timeout, Optional.empty());
  }

  /** @param key sent as {@code Authorization: Bearer} with every request, when there is one */
  public LoadRun(URI url, String field, int concurrency, Duration timeout, Optional<String> key) {
    this.url = url;
    this.key = key;
    this.field = field;
    this.concurrency = concurrency;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  List<Outcome> send(List<Path> images, ProgressBar progress) throws IOException, InterruptedException {
    return sendAll(images.stream().map(Image::of).toList(), progress);
  }

  /** Sends every image and returns their outcomes in the order given; {@code progress} sees each one finish. */
  public List<Outcome> sendAll(List<Image> images, ProgressBar progress) throws IOException, InterruptedException {
    Semaphore open = new Semaphore(concurrency);
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<Outcome>> calls = new ArrayList<>(images.size());
    progress.show(0, 0);
    for (Image image : images) {
      HttpRequest request = request(image);
      open.acquire();
      String name = ImageSet.baseName(image.fileName());
      long start = System.nanoTime();
      calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .handle((response, error) -> {
            long end = System.nanoTime();
            open.release();
            Outcome o = response != null
                ? new Outcome(name, response.statusCode(), response.body().strip(),
                    response.headers().firstValue("Content-Location").orElse(null), start, end)
                : new Outcome(name, 0, describe(error), start, end);
            if (!o.answered()) {
              failed.incrementAndGet();
            }
            progress.show(done.incrementAndGet(), failed.get());
            return o;
          }));
    }
    return calls.stream().map(CompletableFuture::join).toList();
  }

  private String describe(Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    if (cause instanceof java.net.ConnectException) {
      return "cannot connect to " + url;
    }
    if (cause instanceof java.net.http.HttpTimeoutException) {
      return "no answer within " + timeout.toSeconds() + " s";
    }
    return cause.toString();
  }

  /** Requests finished so far, answered or not. */
  int done() {
    return done.get();
  }

  private HttpRequest request(Image image) throws IOException {
    String boundary = "----iras-load-" + UUID.randomUUID();
    StringBuilder fields = new StringBuilder();
    image.fields().forEach((name, value) -> fields.append("--").append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n").append(value)
        .append("\r\n"));
    byte[] head = (fields + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
        + image.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(url);
    key.ifPresent(k -> request.header("Authorization", "Bearer " + k));
    return request
        .timeout(timeout)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(
            HttpRequest.BodyPublishers.ofByteArray(head),
            HttpRequest.BodyPublishers.ofByteArray(image.bytes().read()),
            HttpRequest.BodyPublishers.ofByteArray(tail)))
        .build();
  }
}
