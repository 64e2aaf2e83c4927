package dev.pdm.gateway.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code GET /health} (200 while the site broker is connected, 503 otherwise; an uplink outage is
 * normal buffered operation and reported, not failed) and {@code GET /metrics} (Prometheus text).
 */
public final class HealthServer implements Closeable {

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /**
   * @param port 0 for an ephemeral port
   */
  public static HealthServer start(int port, Supplier<MetricsSnapshot> metrics) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext(
          "/metrics",
          ex ->
              respond(
                  ex,
                  200,
                  "text/plain; version=0.0.4; charset=utf-8",
                  GatewayMetrics.prometheus(metrics.get())));
      server.createContext(
          "/health",
          ex -> {
            MetricsSnapshot s = metrics.get();
            String body =
                String.format(
                    Locale.ROOT,
                    "{\"status\":\"%s\",\"siteConnected\":%s,\"centralConnected\":%s,"
                        + "\"queueDepth\":%d,\"oldestQueuedAgeSeconds\":%.3f}",
                    s.siteConnected() ? (s.centralConnected() ? "UP" : "BUFFERING") : "DOWN",
                    s.siteConnected(),
                    s.centralConnected(),
                    s.queueDepth(),
                    s.oldestQueuedAgeSeconds());
            respond(ex, s.siteConnected() ? 200 : 503, "application/json", body);
          });
      server.start();
      return new HealthServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
