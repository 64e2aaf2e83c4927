package dev.pdm.launcher.ticketapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ticket API as a child process: the packaged Quarkus application, configured only through
 * environment variables, exactly as it runs in a container. Stopped with SIGTERM, so Quarkus shuts
 * down gracefully and commits what it is doing.
 */
public final class TicketApiProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private TicketApiProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static TicketApiProcess start(Path app, Map<String, String> env, int port, Path log) {
    if (!Files.isRegularFile(app)) {
      throw new IllegalStateException(
          app + " is missing: build it with ./mvnw -pl ticket-api -am package -DskipTests");
    }
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx1g",
                  "-jar",
                  app.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
      builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
      Process process = builder.start();
      TicketApiProcess api = new TicketApiProcess(process, port);
      api.awaitReady(Duration.ofMinutes(3), log);
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady(Duration timeout, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "ticket-api exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for ticket-api", e);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for ticket-api", e);
      }
    }
    throw new IllegalStateException("ticket-api was not ready within " + timeout + "; see " + log);
  }

  /** Kills the process without warning (SIGKILL), as a crash or an OOM kill would. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The operating system's process id (for CPU and memory figures). */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
