package dev.pdm.stream.sink;

import static dev.pdm.stream.job.Events.heatsink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.stream.correlation.WireTypes;
import dev.pdm.testsupport.MosquittoBroker;
import io.questdb.ServerMain;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The time-series sink writing through the InfluxDB v2 write API into an embedded QuestDB. */
class TimeSeriesSinkIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path root;
  private static ServerMain questdb;
  private static int port;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startQuestDb() {
    port = MosquittoBroker.FreePorts.find();
    questdb =
        ServerMain.create(
            root.toString(),
            Map.of(
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + port,
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_CAIRO_WAL_ENABLED_DEFAULT", "true"));
    questdb.start();
    questdb.awaitStartup();
  }

  @AfterAll
  static void stopQuestDb() {
    questdb.close();
  }

  @Test
  void everyReadingBecomesOneRowWithItsTagsAndMetrics() throws Exception {
    List<TelemetryReading> readings = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      readings.add(heatsink(String.format("INV-%02d", i % 10), i, 40 + (i % 10)).withBatch("B7"));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.fromData(readings, WireTypes.TELEMETRY)
        .sinkTo(
            new TimeSeriesSink(
                new TimeSeriesSettings(
                    "http://127.0.0.1:" + port, "unused", "pdm", "pdm", 128, 3, 100)));

    env.execute("time-series-sink-it");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(single("select count() from device_metrics")).isEqualTo(1000));
    assertThat(single("select count() from device_metrics where serial = 'INV-03'")).isEqualTo(100);
    assertThat(single("select max(heatsink_temp_c) from device_metrics where serial = 'INV-03'"))
        .isEqualTo(43.0);
    assertThat(
            single("select count() from device_metrics where batch = 'B7' and class = 'INVERTER'"))
        .isEqualTo(1000);
    assertThat(
            single(
                "select count() from device_metrics where timestamp = '"
                    + readings.get(7).deviceTime()
                    + "'"))
        .isEqualTo(1);
  }

  @Test
  void anUnreachableStoreFailsTheJobInsteadOfDroppingTheBatch() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    int closedPort = MosquittoBroker.FreePorts.find();
    env.fromData(List.of(heatsink("INV-01", 1, 40)), WireTypes.TELEMETRY)
        .sinkTo(
            new TimeSeriesSink(
                new TimeSeriesSettings(
                    "http://127.0.0.1:" + closedPort, "", "pdm", "pdm", 10, 1, 10)));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.execute("unreachable-store"))
        .hasStackTraceContaining("points failed after 2 attempts");
  }

  private static double single(String sql) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/exec?query="
                            + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = EventCodec.mapper().readTree(response.body());
    JsonNode dataset = body.path("dataset");
    if (dataset.isMissingNode() || dataset.isEmpty()) {
      throw new AssertionError("no result for " + sql + ": " + response.body());
    }
    return dataset.get(0).get(0).asDouble();
  }
}
