package dev.pdm.launcher.scenario;

import dev.pdm.gateway.GatewayMain;
import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.gateway.metrics.MetricsSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The edge gateway in its own JVM, started with {@link GatewayMain} (the main the container image
 * runs) and the same settings the gateway takes from its environment, passed as system properties.
 * The harness can kill it for real: {@link #kill} is SIGKILL, so no shutdown hook runs, nothing is
 * flushed, and the next instance recovers its store exactly as after a crash. Counters come from
 * its {@code /metrics} endpoint.
 */
final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final int httpPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private GatewayProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /**
   * Starts the gateway and waits until it reports healthy (site subscription up, writer running).
   *
   * @param settings gateway settings by their environment names ({@link GatewayConfig})
   * @param httpPort a fixed port for /health and /metrics, so a restarted instance keeps it
   * @param logDir the gateway's log file goes here ({@code pdm.log}), its console to {@code
   *     console.log}
   */
  static GatewayProcess start(
      Map<String, String> settings, int httpPort, Path logDir, Duration timeout) {
    Map<String, String> all = new TreeMap<>(settings);
    all.put(GatewayConfig.HTTP_PORT, Integer.toString(httpPort));
    // Parsed here first so a bad setting fails in the harness with the gateway's own message.
    GatewayConfig.parse(all);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-Dpdm.log.dir=" + logDir);
    cmd.add("-Dlogback.configurationFile=pdm-logback.xml");
    all.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GatewayMain.class.getName());
    try {
      Files.createDirectories(logDir);
      ProcessBuilder builder = new ProcessBuilder(cmd);
      // Only the settings given here: a PDM_GATEWAY_* variable of the harness's shell would
      // otherwise reach the gateway, which the in-process gateway never saw.
      builder.environment().keySet().removeIf(k -> k.startsWith("PDM_GATEWAY_"));
      Process p =
          builder
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(logDir.resolve("console.log").toFile()))
              .start();
      GatewayProcess gateway = new GatewayProcess(p, httpPort);
      gateway.awaitHealthy(timeout, logDir);
      return gateway;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  private void awaitHealthy(Duration timeout, Path logDir) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "edge gateway exited with " + process.exitValue() + "; see " + logDir);
      }
      if (get("/health").map(r -> r.statusCode() == 200).orElse(false)) {
        return;
      }
      try {
        process.waitFor(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the gateway", e);
      }
    }
    throw new IllegalStateException(
        "edge gateway not healthy within " + timeout + "; see " + logDir);
  }

  /** The gateway's counters now, or null when its endpoint does not answer. */
  MetricsSnapshot metrics() {
    return get("/metrics")
        .filter(r -> r.statusCode() == 200)
        .map(r -> parse(r.body()))
        .orElse(null);
  }

  private java.util.Optional<HttpResponse<String>> get(String path) {
    try {
      return java.util.Optional.of(
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /**
   * SIGKILL ({@code destroyForcibly} on Linux), then waits until the process is gone.
   *
   * @return its exit status: 137 (128 + SIGKILL) when the kill is what ended it
   */
  int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("edge gateway " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing the gateway", e);
    }
    return process.exitValue();
  }

  /** SIGTERM: the gateway's shutdown hook closes it cleanly. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The counters of a Prometheus text page of the gateway, as the gateway's own snapshot. */
  static MetricsSnapshot parse(String prometheus) {
    Map<String, Double> m = new HashMap<>();
    for (String line : prometheus.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int space = line.lastIndexOf(' ');
        m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return new MetricsSnapshot(
        count(m, "pdm_gateway_received_total{kind=\"alarm\"}"),
        count(m, "pdm_gateway_received_total{kind=\"telemetry\"}"),
        count(m, "pdm_gateway_rate_limited_total{kind=\"alarm\"}"),
        count(m, "pdm_gateway_rate_limited_total{kind=\"telemetry\"}"),
        count(m, "pdm_gateway_invalid_total"),
        count(m, "pdm_gateway_undefined_bits_total"),
        count(m, "pdm_gateway_stale_frames_total"),
        count(m, "pdm_gateway_enqueued_total{lane=\"alarm\"}"),
        count(m, "pdm_gateway_enqueued_total{lane=\"telemetry\"}"),
        count(m, "pdm_gateway_published_total{lane=\"alarm\"}"),
        count(m, "pdm_gateway_published_total{lane=\"telemetry\"}"),
        count(m, "pdm_gateway_publish_failures_total"),
        count(m, "pdm_gateway_dropped_total{reason=\"disk_budget_telemetry\"}"),
        count(m, "pdm_gateway_dropped_total{reason=\"disk_budget_alarm_deferred\"}"),
        count(m, "pdm_gateway_truncated_bytes_total"),
        count(m, "pdm_gateway_queue_depth{lane=\"alarm\"}"),
        count(m, "pdm_gateway_queue_depth{lane=\"telemetry\"}"),
        count(m, "pdm_gateway_queue_bytes"),
        count(m, "pdm_gateway_queue_max_bytes"),
        m.getOrDefault("pdm_gateway_oldest_queued_age_seconds", 0.0),
        m.getOrDefault("pdm_gateway_connected{broker=\"site\"}", 0.0) == 1.0,
        m.getOrDefault("pdm_gateway_connected{broker=\"central\"}", 0.0) == 1.0);
  }

  private static long count(Map<String, Double> m, String sample) {
    Double v = m.get(sample);
    if (v == null) {
      throw new IllegalArgumentException("gateway metrics lack " + sample);
    }
    return (long) (double) v;
  }
}
