package iras.app.faces;

import iras.app.keys.ClientKey;
import iras.core.job.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(
    name = "faces",
    description = "The face gallery of a running service (IRAS_MODEL=face): enrol people, list them.",
    subcommands = {FacesCommand.Import.class, FacesCommand.ListPeople.class})
public final class FacesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "import", description = "Enrol each image of a folder under its label in a course CSV"
      + " (Image,Results: test_00,Paul for test_00.jpg).")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--csv", required = true, description = "Labels, CSV in the course's format.")
    Path csv;

    @Option(names = "--images", required = true, description = "Folder of the images the CSV names.")
    Path images;

    @Option(names = "--url", defaultValue = "http://localhost:8000/", description = "Service URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "16",
        description = "Enrolments open at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "Longest wait per image, ISO-8601 (default: 5 min).")
    Duration timeout;

    @Mixin ClientKey key;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      FacesImport.Summary s = FacesImport.run(url, key.resolve(url), csv, images, concurrency, timeout, System.err);
      out.printf("enrolled %d of %d images (%d without a detected face: the whole image was used)%n",
          s.enrolled(), s.images(), s.withoutFace());
      s.severalFaces().forEach((name, note) -> out.printf("%s: %s%n", name, note));
      if (!s.unlabelled().isEmpty()) {
        out.printf("left out, not in %s: %s%n", csv.getFileName(), String.join(", ", s.unlabelled()));
      }
      s.notEnrolled().forEach((why, names) -> out.printf("not enrolled, %d image(s) (%s): %s%n", names.size(),
          names.size() <= 3 ? String.join(", ", names)
              : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more", why));
      out.flush();
      return s.notEnrolled().isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "list", description = "List the people enrolled, with their number of images and their id (which"
      + " DELETE /api/faces/<id> takes).")
  static final class ListPeople implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8000/", description = "Service URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Mixin ClientKey key;

    @Override
    public Integer call() throws Exception {
      HttpResponse<String> response;
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("/api/faces")).timeout(Duration.ofSeconds(30));
        key.resolve(url).ifPresent(k -> request.header("Authorization", "Bearer " + k));
        response = HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new IOException("cannot connect to " + url + ": is the service running?", e);
      }
      JsonNode reply = Json.read(response.body(), JsonNode.class);
      if (response.statusCode() != 200) {
        throw new IOException(url + " answered " + response.statusCode() + ": " + reply.path("error").asString());
      }
      PrintWriter out = spec.commandLine().getOut();
      int people = 0;
      for (JsonNode person : reply.path("people")) {
        out.printf("%-40s %4d image%s  (id %s)%n", person.path("name").asString(), person.path("images").asInt(),
            person.path("images").asInt() == 1 ? "" : "s", person.path("id").asString());
        people++;
      }
      out.printf("%d %s enrolled%n", people, people == 1 ? "person" : "people");
      out.flush();
      return 0;
    }
  }
}
