package iras.web.fleet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the files of the webjars on the classpath as {@code /webjars/<name>/<path>}, without their version in the
 * address, so the pages name an asset once and a version change is one line in the build. The same code serves the
 * WAR on a standalone Jetty and the embedded server, which has no default servlet.
 */
public final class WebjarServlet extends HttpServlet {
  private static final String[] GROUPS = {"org.webjars.npm", "org.webjars"};

  /** Only webjars found: a client naming others must not grow it. */
  private final Map<String, String> versions = new ConcurrentHashMap<>();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    int slash = path == null ? -1 : path.indexOf('/', 1);
    if (slash < 0 || path.contains("..") || path.contains("//") || path.contains("\\")) {
      resp.sendError(404);
      return;
    }
    String name = path.substring(1, slash);
    Optional<String> version = Optional.ofNullable(versions.get(name)).or(() -> version(name));
    version.ifPresent(v -> versions.put(name, v));
    InputStream in = version.isEmpty() ? null : loader().getResourceAsStream(
        "META-INF/resources/webjars/" + name + "/" + version.get() + path.substring(slash));
    if (in == null) {
      resp.sendError(404);
      return;
    }
    try (in) {
      String type = path.endsWith(".js") ? "text/javascript" : getServletContext().getMimeType(path);
      resp.setContentType(type == null ? "application/octet-stream" : type);
      resp.setCharacterEncoding("UTF-8");
      resp.setHeader("Cache-Control", "public, max-age=3600");
      in.transferTo(resp.getOutputStream());
    }
  }

  private static Optional<String> version(String name) {
    for (String group : GROUPS) {
      try (InputStream in = loader().getResourceAsStream("META-INF/maven/" + group + "/" + name + "/pom.properties")) {
        if (in != null) {
          Properties pom = new Properties();
          pom.load(in);
          return Optional.ofNullable(pom.getProperty("version"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  private static ClassLoader loader() {
    return WebjarServlet.class.getClassLoader();
  }
}
