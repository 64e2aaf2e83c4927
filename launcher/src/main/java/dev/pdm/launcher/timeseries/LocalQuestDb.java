package dev.pdm.launcher.timeseries;

import io.questdb.ServerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An in-process QuestDB: the default time-series store. It accepts the InfluxDB v2 write API on
 * {@code /api/v2/write}, so the stream job writes to it exactly as it would to InfluxDB, and it is
 * queried with SQL on {@code /exec} or in its web console.
 */
public final class LocalQuestDb implements AutoCloseable {

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
    return new LocalQuestDb(server, httpPort);
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
