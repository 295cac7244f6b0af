package iras.core.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * moto's AWS server ({@code python3 -m moto.server}) on a free loopback port: S3, SQS, EC2, IAM and CloudFormation
 * over their real wire protocols. Tests that need it are skipped, saying why, where python3 or moto is missing.
 */
public final class MotoServer implements AutoCloseable {
  public static final String ACCESS_KEY = "testing";
  public static final String SECRET_KEY = "testing";
  private static final Duration START = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** Starts a server, or aborts the calling test (skipped) when moto is not installed. */
  public static MotoServer startOrSkip() throws IOException, InterruptedException {
    Assumptions.assumeTrue(motoInstalled(),
        "python3 with moto's server is not installed here (pip install 'moto[server]'): skipping the moto tests");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("moto-", ".log");
    Process process = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
        Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitReady();
    return server;
  }

  private static boolean motoInstalled() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import moto.server").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long until = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IOException("moto exited at start: " + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Still starting.
      }
      Thread.sleep(200);
    }
    close();
    throw new IOException("moto did not answer within " + START.toSeconds() + " s: " + Files.readString(log));
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(log);
  }
}
