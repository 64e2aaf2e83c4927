package dev.pdm.gateway;

import static dev.pdm.gateway.fixtures.DeviceFrames.charger;
import static dev.pdm.gateway.fixtures.DeviceFrames.inverter;
import static dev.pdm.gateway.fixtures.DeviceFrames.telemetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.gateway.fixtures.CentralRecorder;
import dev.pdm.gateway.fixtures.SiteDevices;
import dev.pdm.model.codec.DeadLetter;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.registry.DeviceRegistryFiles;
import dev.pdm.model.topic.Topics;
import dev.pdm.testsupport.MosquittoBroker;
import dev.pdm.testsupport.MqttSessionReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One gateway between two real Mosquitto brokers: a site broker and a central broker. */
class EdgeGatewayIT {

  private static final String SITE = "site-it";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path store;
  private MosquittoBroker siteBroker;
  private MosquittoBroker central;
  private CentralRecorder recorder;
  private SiteDevices devices;
  private EdgeGateway gateway;

  @BeforeEach
  void brokers() throws Exception {
    siteBroker = MosquittoBroker.start();
    central = MosquittoBroker.start();
    recorder = new CentralRecorder(central.url(), "pdm/v1/#");
    devices = new SiteDevices(siteBroker.url());
  }

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    devices.close();
    recorder.close();
    siteBroker.close();
    central.close();
  }

  private GatewayConfig config(Map<String, String> extra) {
    Map<String, String> m = new HashMap<>();
    m.put(GatewayConfig.SITE, SITE);
    m.put(GatewayConfig.SITE_BROKER_URL, siteBroker.url());
    m.put(GatewayConfig.CENTRAL_BROKER_URL, central.url());
    m.put(GatewayConfig.STORE_DIR, store.toString());
    m.put(GatewayConfig.HTTP_PORT, "-1");
    m.put(GatewayConfig.CLIENT_ID, "gw-" + System.nanoTime());
    m.put(GatewayConfig.TELEMETRY_RATE, "100000");
    m.put(GatewayConfig.TELEMETRY_BURST, "100000");
    m.putAll(extra);
    return GatewayConfig.parse(m);
  }

  private void startGateway(Map<String, String> extra) {
    gateway = EdgeGateway.start(config(extra));
    await().atMost(PATIENCE).until(() -> gateway.metrics().siteConnected());
  }

  @Test
  void deviceMessagesArriveCanonicalOnTheCentralBrokerAndBadOnesAsDeadLetters() throws Exception {
    startGateway(Map.of());
    devices.alarm(DeviceClass.INVERTER, "INV-1", inverter("INV-1", 0b1, 1));
    devices.telemetry(
        DeviceClass.INVERTER,
        "INV-1",
        telemetry("INV-1", 2, Map.of(Metrics.HEATSINK_TEMP_C, 48.0)));
    devices.alarm(DeviceClass.CHARGER, "CHG-1", charger("CHG-1", 1, "GroundFailure", "E42", 3));
    devices.publish("devices/inverter/INV-9/alarm", "not json".getBytes(StandardCharsets.UTF_8));
    devices.alarm(DeviceClass.INVERTER, "INV-1", inverter("INV-1", 0b0, 4));
    devices.flush();

    String alarms = Topics.CENTRAL_PREFIX + SITE + "/";
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(recorder.on(alarms)).hasSize(4);
              assertThat(recorder.on(Topics.DEAD_LETTER_PREFIX)).hasSize(1);
            });
    List<AlarmEvent> received =
        recorder.on(alarms).stream()
            .filter(r -> r.topic().endsWith("/alarm"))
            .map(r -> EventCodec.decodeAlarm(r.payload()))
            .toList();
    assertThat(received)
        .extracting(AlarmEvent::serial, AlarmEvent::code, AlarmEvent::state, AlarmEvent::site)
        .containsExactlyInAnyOrder(
            tuple("INV-1", "sunspec-inv:GROUND_FAULT", AlarmState.RAISED, SITE),
            tuple("CHG-1", "ocpp16:GroundFailure", AlarmState.RAISED, SITE),
            tuple("INV-1", "sunspec-inv:GROUND_FAULT", AlarmState.CLEARED, SITE));
    TelemetryReading reading =
        EventCodec.decodeTelemetry(
            recorder.on(Topics.central(SITE, "INV-1", Topics.Kind.TELEMETRY)).get(0).payload());
    assertThat(reading.metric(Metrics.HEATSINK_TEMP_C)).isEqualTo(48.0);
    DeadLetter letter =
        EventCodec.mapper()
            .readValue(recorder.on(Topics.DEAD_LETTER_PREFIX).get(0).payload(), DeadLetter.class);
    assertThat(recorder.on(Topics.DEAD_LETTER_PREFIX).get(0).topic())
        .isEqualTo(Topics.deadLetter("gateway-" + SITE));
    assertThat(letter.topic()).isEqualTo("devices/inverter/INV-9/alarm");
    assertThat(letter.reason()).contains("not valid JSON");
    assertThat(letter.payload()).isEqualTo("not json");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var m = gateway.metrics();
              assertThat(m.publishedAlarms()).isEqualTo(3);
              assertThat(m.invalid()).isEqualTo(1);
              assertThat(m.queueDepth()).isZero();
            });
    HttpClient http = HttpClient.newHttpClient();
    int port = gateway.httpPort().orElseThrow();
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("pdm_gateway_published_total{lane=\"alarm\"} 3")
        .contains("pdm_gateway_invalid_total 1")
        .contains("pdm_gateway_queue_depth{lane=\"alarm\"} 0.0");
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");

    siteBroker.stop();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              HttpResponse<String> down =
                  http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(down.statusCode()).isEqualTo(503);
              assertThat(down.body()).contains("\"status\":\"DOWN\"");
            });
    siteBroker.restart();
  }

  @Test
  void inAllSitesModeEachDevicesSiteComesFromTheRegistry() throws Exception {
    Path registry = store.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(
        registry, List.of(facts("INV-A", "site-a"), facts("INV-B", "site-b")));
    startGateway(
        Map.of(
            GatewayConfig.SITE,
            GatewayConfig.ALL_SITES,
            GatewayConfig.REGISTRY,
            registry.toString()));
    devices.alarm(DeviceClass.INVERTER, "INV-A", inverter("INV-A", 0b1, 1));
    devices.alarm(DeviceClass.INVERTER, "INV-B", inverter("INV-B", 0b1, 1));
    devices.alarm(DeviceClass.INVERTER, "INV-X", inverter("INV-X", 0b1, 1));
    devices.flush();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(recorder.on(Topics.central("site-a", "INV-A", Topics.Kind.ALARM)))
                  .hasSize(1);
              assertThat(recorder.on(Topics.central("site-b", "INV-B", Topics.Kind.ALARM)))
                  .hasSize(1);
              assertThat(recorder.on(Topics.deadLetter("gateway-all-sites"))).hasSize(1);
            });
    assertThat(
            EventCodec.decodeAlarm(
                    recorder
                        .on(Topics.central("site-b", "INV-B", Topics.Kind.ALARM))
                        .get(0)
                        .payload())
                .site())
        .isEqualTo("site-b");
  }

  @Test
  void twoGatewaysOnOneSharedSiteBrokerSplitItsSitesAndEachMessageIsForwardedOnce()
      throws Exception {
    Path registry = store.resolve("registry.csv");
    DeviceRegistryFiles.writeCsv(
        registry, List.of(facts("INV-A", "site-a"), facts("INV-B", "site-b")));
    Map<String, String> shared = new HashMap<>();
    shared.put(GatewayConfig.SITE, GatewayConfig.ALL_SITES);
    shared.put(GatewayConfig.REGISTRY, registry.toString());
    Map<String, String> rest = new HashMap<>(shared);
    rest.put(GatewayConfig.EXCEPT_SITES, "site-a");
    rest.put(GatewayConfig.STORE_DIR, store.resolve("rest").toString());
    startGateway(rest);
    Map<String, String> only = new HashMap<>(shared);
    only.put(GatewayConfig.ONLY_SITES, "site-a");
    only.put(GatewayConfig.STORE_DIR, store.resolve("site-a").toString());
    try (EdgeGateway siteA = EdgeGateway.start(config(only))) {
      await().atMost(PATIENCE).until(() -> siteA.metrics().siteConnected());
      devices.alarm(DeviceClass.INVERTER, "INV-A", inverter("INV-A", 0b1, 1));
      devices.alarm(DeviceClass.INVERTER, "INV-B", inverter("INV-B", 0b1, 1));
      devices.alarm(DeviceClass.INVERTER, "INV-X", inverter("INV-X", 0b1, 1));
      // The clears come last: once a gateway has published its clear, it has seen every frame.
      devices.alarm(DeviceClass.INVERTER, "INV-A", inverter("INV-A", 0b0, 2));
      devices.alarm(DeviceClass.INVERTER, "INV-B", inverter("INV-B", 0b0, 2));
      devices.flush();
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                assertThat(siteA.metrics().publishedAlarms()).isEqualTo(2);
                assertThat(gateway.metrics().publishedAlarms()).isEqualTo(2);
                assertThat(recorder.on(Topics.deadLetter("gateway-all-sites"))).hasSize(1);
                assertThat(recorder.on(Topics.central("site-a", "INV-A", Topics.Kind.ALARM)))
                    .hasSize(2);
                assertThat(recorder.on(Topics.central("site-b", "INV-B", Topics.Kind.ALARM)))
                    .hasSize(2);
              });
      // Each frame counted by the one gateway that took it, so summed counters stay true; the
      // unknown serial is dead-lettered by the gateway of the rest only.
      assertThat(siteA.metrics().receivedAlarmFrames()).isEqualTo(2);
      assertThat(siteA.metrics().invalid()).isZero();
      assertThat(gateway.metrics().receivedAlarmFrames()).isEqualTo(3);
      assertThat(gateway.metrics().invalid()).isEqualTo(1);
    }
  }

  private static DeviceFacts facts(String serial, String site) {
    return new DeviceFacts(
        serial,
        DeviceClass.INVERTER,
        "SG110CX",
        "V1",
        "B2025-07",
        site,
        "Site " + site,
        "Jiangsu",
        "East",
        "Asia/Shanghai",
        "C-1",
        "Customer",
        CustomerTier.GOLD,
        LocalDate.parse("2025-01-01"),
        LocalDate.parse("2030-01-01"));
  }

  @Test
  void anAlarmConfirmedJustBeforeACentralBrokerKillReachesAnOfflineSubscriberAfterTheRestart()
      throws Exception {
    startGateway(Map.of());
    await().atMost(PATIENCE).until(() -> gateway.metrics().centralConnected());
    // A subscriber that is offline when the alarm arrives, like a stream job restarting: the
    // broker queues the alarm in its session, in memory until the next save.
    MqttSessionReader inbox = new MqttSessionReader(central.url(), "gateway-kill-inbox");
    inbox.connect();
    inbox.subscribe(Topics.CENTRAL_PREFIX + SITE + "/+/alarm");
    inbox.close();
    FileTime subscribed = FileTime.from(Instant.now());
    await().atMost(PATIENCE).until(() -> central.lastSaved().compareTo(subscribed) > 0);

    FileTime beforePublish = central.lastSaved();
    devices.alarm(DeviceClass.INVERTER, "INV-1", inverter("INV-1", 0b1, 1));
    devices.flush();
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(2))
        .until(() -> gateway.metrics().publishedAlarms() == 1);
    central.kill();
    // Only a broker that did not save between the publish and the kill tests the gateway.
    assumeThat(central.lastSaved()).isEqualTo(beforePublish);
    central.restart();

    inbox.connect();
    assertThat(inbox.sessionPresent()).as("the inbox's session survived the kill").isTrue();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(inbox.received())
                    .extracting(a -> EventCodec.decodeAlarm(a.getBytes(StandardCharsets.UTF_8)))
                    .extracting(AlarmEvent::serial, AlarmEvent::state)
                    .contains(tuple("INV-1", AlarmState.RAISED)));
    inbox.close();
  }

  @Test
  void whileTheCentralBrokerIsDownTelemetryIsDroppedToTheBudgetAndEveryAlarmIsKept()
      throws Exception {
    startGateway(
        Map.of(
            GatewayConfig.STORE_MAX_BYTES, Integer.toString(256 * 1024),
            GatewayConfig.STORE_SEGMENT_BYTES, Integer.toString(16 * 1024)));
    await().atMost(PATIENCE).until(() -> gateway.metrics().centralConnected());
    central.stop();
    await().atMost(PATIENCE).until(() -> !gateway.metrics().centralConnected());

    int telemetrySent = 3000;
    int alarmFrames = 0;
    Map<String, Double> values = new HashMap<>();
    for (String m :
        List.of(
            Metrics.AC_POWER_W, Metrics.DC_VOLTAGE_V, Metrics.HEATSINK_TEMP_C, Metrics.LOAD_PCT)) {
      values.put(m, 1234.5);
    }
    for (int i = 0; i < telemetrySent; i++) {
      String serial = "INV-" + (i % 10);
      devices.telemetry(DeviceClass.INVERTER, serial, telemetry(serial, i, values));
      if (i % 30 == 0) {
        // 100 frames over ten inverters, each toggling GROUND_FAULT: every frame is one edge
        int j = i / 30;
        String alarmSerial = "INV-" + (j % 10);
        devices.alarm(
            DeviceClass.INVERTER, alarmSerial, inverter(alarmSerial, (j / 10) % 2 == 0 ? 1 : 0, i));
        alarmFrames++;
      }
    }
    devices.flush();
    int frames = alarmFrames;
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var m = gateway.metrics();
              assertThat(m.receivedTelemetry()).isEqualTo(telemetrySent);
              assertThat(m.receivedAlarmFrames()).isEqualTo(frames);
              assertThat(m.queuedAlarms()).isEqualTo(frames);
              assertThat(m.queuedTelemetry() + m.droppedTelemetry()).isEqualTo(telemetrySent);
              assertThat(m.queueBytes()).isLessThanOrEqualTo(256 * 1024);
            });
    var during = gateway.metrics();
    assertThat(during.droppedTelemetry()).isPositive();

    central.restart();
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(gateway.metrics().queueDepth()).isZero());
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        recorder.received().stream()
                            .filter(r -> r.topic().endsWith("/alarm"))
                            .map(r -> EventCodec.decodeAlarm(r.payload()).eventId())
                            .distinct())
                    .hasSize(frames));
    // The broker acknowledged everything; its delivery to the subscriber may still be under way.
    long dropped = gateway.metrics().droppedTelemetry();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(
                        recorder.received().stream()
                                .filter(r -> r.topic().endsWith("/telemetry"))
                                .map(r -> EventCodec.decodeTelemetry(r.payload()).eventId())
                                .distinct()
                                .count()
                            + dropped)
                    .isEqualTo(telemetrySent));
  }
}
