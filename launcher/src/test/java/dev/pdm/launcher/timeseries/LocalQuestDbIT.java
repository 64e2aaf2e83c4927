package dev.pdm.launcher.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.write.Point;
import dev.pdm.launcher.Ports;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.stream.sink.TelemetryPoints;
import dev.pdm.stream.sink.TimeSeriesSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalQuestDbIT {

  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aReadingWrittenTwiceIsOneRowAlsoAfterARestart() throws Exception {
    int port = Ports.preferOrFree(0);
    try (LocalQuestDb db = LocalQuestDb.start(dir.resolve("db"), port, dir.resolve("q.log"))) {
      write(db, List.of(reading("INV-1", 0, 41.0), reading("INV-1", 1, 42.0)));
      // The gateway or the job sends the second reading again, after a crash.
      write(db, List.of(reading("INV-1", 1, 42.0), reading("INV-2", 0, 40.0)));
      awaitRows(db, "serial = 'INV-2'", 1);
      assertThat(count(db, "serial = 'INV-1'")).isEqualTo(2);
    }
    try (LocalQuestDb db = LocalQuestDb.start(dir.resolve("db"), port, dir.resolve("q.log"))) {
      write(db, List.of(reading("INV-1", 0, 41.0), reading("INV-3", 0, 39.0)));
      awaitRows(db, "serial = 'INV-3'", 1);
      assertThat(count(db, "true")).isEqualTo(4);
    }
  }

  private static TelemetryReading reading(String serial, int minute, double temp) {
    return TelemetryReading.of(
        serial,
        DeviceClass.INVERTER,
        "SG110CX",
        "V1",
        T0.plusSeconds(60L * minute),
        minute,
        "site-1",
        "B-1",
        Map.of(Metrics.HEATSINK_TEMP_C, temp));
  }

  /** As the stream job's time-series sink writes: the InfluxDB v2 API, blocking. */
  private static void write(LocalQuestDb db, List<TelemetryReading> readings) {
    try (InfluxDBClient client =
        InfluxDBClientFactory.create(db.url(), new char[0], "pdm", "pdm")) {
      List<Point> points = readings.stream().map(TelemetryPoints::toPoint).toList();
      client.getWriteApiBlocking().writePoints("pdm", "pdm", points);
    }
  }

  private static void awaitRows(LocalQuestDb db, String where, long rows) {
    // Writes become visible when QuestDB applies its write-ahead log, in order.
    await().atMost(Duration.ofSeconds(60)).until(() -> count(db, where) == rows);
  }

  private static long count(LocalQuestDb db, String where) {
    return LocalQuestDb.firstNumber(
        db.url(), "select count() from " + TimeSeriesSettings.MEASUREMENT + " where " + where);
  }
}
