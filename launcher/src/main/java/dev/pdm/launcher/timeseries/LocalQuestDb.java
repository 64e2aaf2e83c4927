package dev.pdm.launcher.timeseries;

import dev.pdm.model.codec.EventCodec;
import dev.pdm.stream.sink.TimeSeriesSettings;
import io.questdb.ServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An in-process QuestDB: the default time-series store. It accepts the InfluxDB v2 write API on
 * {@code /api/v2/write}, so the stream job writes to it exactly as it would to InfluxDB, and it is
 * queried with SQL on {@code /exec} or in its web console.
 *
 * <p>Telemetry arrives at least once: a gateway sends again what it sent just before a lost
 * connection or a crash, and the stream job replays from its last checkpoint after a restart. The
 * telemetry table is therefore created with deduplication on (device time, serial), so a reading
 * written twice is one row, as it is one point in InfluxDB. The stream job's writes add the metric
 * columns as they first appear.
 */
public final class LocalQuestDb implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One telemetry row per device and device time. */
  private static final String UPSERT_KEYS = "UPSERT KEYS(\"timestamp\", \"serial\")";

  private final ServerMain server;
  private final int httpPort;

  private LocalQuestDb(ServerMain server, int httpPort) {
    this.server = server;
    this.httpPort = httpPort;
  }

  public static LocalQuestDb start(Path root, int httpPort, Path logFile) {
    try {
      Path conf = Files.createDirectories(root.resolve("conf"));
      Files.writeString(
          conf.resolve("log.conf"),
          "writers=file\n"
              + "w.file.class=io.questdb.log.LogFileWriter\n"
              + "w.file.location="
              + logFile.toAbsolutePath()
              + "\n"
              + "w.file.level=INFO,ERROR,CRITICAL,ADVISORY\n");
      // QuestDB reads its log configuration from the file named by the "out" property.
      System.setProperty("out", conf.resolve("log.conf").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServerMain server =
        ServerMain.create(
            root.toAbsolutePath().toString(),
            Map.of(
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort,
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_CAIRO_WAL_ENABLED_DEFAULT", "true"));
    server.start();
    server.awaitStartup();
    LocalQuestDb db = new LocalQuestDb(server, httpPort);
    db.createTelemetryTable();
    return db;
  }

  private void createTelemetryTable() {
    String table = TimeSeriesSettings.MEASUREMENT;
    exec(
        url(),
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (\"serial\" SYMBOL, \"class\" SYMBOL, \"model\" SYMBOL, \"site\" SYMBOL,"
            + " \"batch\" SYMBOL, \"timestamp\" TIMESTAMP) TIMESTAMP(\"timestamp\")"
            + " PARTITION BY DAY WAL DEDUP "
            + UPSERT_KEYS);
    // A store written before the table was declared here has it without deduplication.
    exec(url(), "ALTER TABLE " + table + " DEDUP ENABLE " + UPSERT_KEYS);
  }

  /** The first column of the first row of a query's answer, as a number (a count). */
  public static long firstNumber(String baseUrl, String sql) {
    return EventCodec.readObject(exec(baseUrl, sql).getBytes(StandardCharsets.UTF_8))
        .path("dataset")
        .path(0)
        .path(0)
        .asLong(0);
  }

  /**
   * Runs one SQL statement on the {@code /exec} endpoint of the QuestDB at {@code baseUrl}: the
   * JSON answer, an {@link IllegalStateException} when QuestDB refuses it, an {@link
   * UncheckedIOException} when it does not answer.
   */
  private static String exec(String baseUrl, String sql) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          baseUrl
                              + "/exec?query="
                              + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(
            "QuestDB refused `" + sql + "`: HTTP " + r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("QuestDB at " + baseUrl + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          "interrupted while asking QuestDB at " + baseUrl, new IOException(e));
    }
  }

  /** The base URL of both the InfluxDB v2 write API and the SQL console. */
  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public void close() {
    server.close();
  }
}
