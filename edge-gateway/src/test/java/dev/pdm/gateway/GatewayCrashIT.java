package dev.pdm.gateway;

import static dev.pdm.gateway.fixtures.DeviceFrames.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.gateway.fixtures.CentralRecorder;
import dev.pdm.gateway.fixtures.DeviceFrames;
import dev.pdm.gateway.fixtures.GatewayProcess;
import dev.pdm.gateway.fixtures.SiteDevices;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.catalogue.AlarmStandard;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.EventIds;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.vendor.OcppStatusNotification;
import dev.pdm.model.vendor.SunSpecEventFrame;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's promise under failure: an uplink outage under load, then a SIGKILL of the gateway
 * process while its queue is full and devices keep sending, then a restart on the same store. Every
 * alarm edge must reach the central broker, in per-device order; duplicates only with the same
 * eventId (downstream deduplicates on it).
 */
class GatewayCrashIT {

  private static final String SITE = "site-crash";
  private static final int FRAMES_PER_DEVICE = 60;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final AlarmCatalogue CATALOGUE = AlarmCatalogue.standard();

  @TempDir Path work;
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** One device and the alarm edge each of its frames must produce, in order. */
  private record Device(
      DeviceClass deviceClass, String serial, List<Object> frames, List<String> expectedIds) {}

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void everyAlarmArrivesInPerDeviceOrderAfterAnUplinkOutageAndAGatewayKill() throws Exception {
    MosquittoBroker site = track(MosquittoBroker.start());
    MosquittoBroker central = track(MosquittoBroker.start());
    CentralRecorder recorder = track(new CentralRecorder(central.url(), "pdm/v1/#"));
    SiteDevices devices = track(new SiteDevices(site.url()));
    List<Device> fleet = fleet(new Random(20260301L));

    Map<String, String> settings = new HashMap<>();
    settings.put(GatewayConfig.SITE, SITE);
    settings.put(GatewayConfig.SITE_BROKER_URL, site.url());
    settings.put(GatewayConfig.CENTRAL_BROKER_URL, central.url());
    settings.put(GatewayConfig.STORE_DIR, work.resolve("store").toString());
    settings.put(GatewayConfig.CLIENT_ID, "gw-crash");
    settings.put(GatewayConfig.TELEMETRY_RATE, "100000");
    settings.put(GatewayConfig.TELEMETRY_BURST, "100000");
    settings.put(GatewayConfig.STORE_SEGMENT_BYTES, "32768");
    Path log = Path.of("target", "gateway-crash-it.log");
    java.nio.file.Files.deleteIfExists(log);

    GatewayProcess first =
        track(GatewayProcess.start(settings, MosquittoBroker.FreePorts.find(), log));
    await().atMost(PATIENCE).until(() -> connected(first, "site") && connected(first, "central"));

    // Live traffic, then the central broker goes away under load.
    int third = FRAMES_PER_DEVICE / 3;
    send(devices, fleet, 0, third);
    central.stop();
    await().atMost(PATIENCE).until(() -> !connected(first, "central"));
    send(devices, fleet, third, 2 * third);
    int queuedBeforeKill = edges(fleet, 0, third);
    // Kill once the queue holds part of the outage's alarms: others are still in flight between
    // site broker and disk and must come back through the site broker's persistent session.
    await()
        .atMost(PATIENCE)
        .until(
            () -> first.metric("pdm_gateway_queue_depth{lane=\"alarm\"}") > queuedBeforeKill / 2.0);
    first.kill();
    // Devices keep reporting while the gateway is dead.
    send(devices, fleet, 2 * third, FRAMES_PER_DEVICE);

    central.restart();
    GatewayProcess second =
        track(GatewayProcess.start(settings, MosquittoBroker.FreePorts.find(), log));

    Set<String> expected = new LinkedHashSet<>();
    fleet.forEach(d -> expected.addAll(d.expectedIds()));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(distinctAlarmIds(recorder)).containsAll(expected));
    // nothing invented either: a redelivered frame diffed against a later state would show here
    assertThat(distinctAlarmIds(recorder)).isEqualTo(expected);
    Map<String, List<String>> firstSeenBySerial = new LinkedHashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (CentralRecorder.Received r : recorder.received()) {
      if (r.topic().endsWith("/alarm")) {
        AlarmEvent e = EventCodec.decodeAlarm(r.payload());
        assertThat(e.site()).isEqualTo(SITE);
        if (seen.add(e.eventId())) {
          firstSeenBySerial.computeIfAbsent(e.serial(), s -> new ArrayList<>()).add(e.eventId());
        }
      }
    }
    for (Device d : fleet) {
      assertThat(firstSeenBySerial.get(d.serial())).as(d.serial()).isEqualTo(d.expectedIds());
    }
    await()
        .atMost(PATIENCE)
        .until(() -> second.metric("pdm_gateway_queue_depth{lane=\"alarm\"}") == 0.0);
  }

  private static boolean connected(GatewayProcess gw, String broker) {
    return gw.metric("pdm_gateway_connected{broker=\"" + broker + "\"}") == 1.0;
  }

  private static Set<String> distinctAlarmIds(CentralRecorder recorder) {
    Set<String> ids = new LinkedHashSet<>();
    for (CentralRecorder.Received r : recorder.received()) {
      if (r.topic().endsWith("/alarm")) {
        ids.add(EventCodec.decodeAlarm(r.payload()).eventId());
      }
    }
    return ids;
  }

  /**
   * Frames {@code from..to} of every device, interleaved as a site would send them, with telemetry.
   */
  private static void send(SiteDevices devices, List<Device> fleet, int from, int to)
      throws Exception {
    for (int k = from; k < to; k++) {
      for (Device d : fleet) {
        devices.alarm(d.deviceClass(), d.serial(), d.frames().get(k));
        devices.telemetry(
            d.deviceClass(),
            d.serial(),
            new dev.pdm.model.vendor.DeviceTelemetryFrame(
                d.serial(), "M", "1", 10_000 + k, at(k), Map.of(Metrics.LOAD_PCT, (double) k)));
      }
    }
    devices.flush();
  }

  private static int edges(List<Device> fleet, int from, int to) {
    return fleet.size() * (to - from);
  }

  /**
   * Four inverters, four batteries, four chargers. Every frame changes exactly one thing, so every
   * frame is exactly one alarm edge whose eventId the test knows in advance.
   */
  private static List<Device> fleet(Random random) {
    List<Device> fleet = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      fleet.add(sunSpec(DeviceClass.INVERTER, "INV-" + n, AlarmStandard.SUNSPEC_INVERTER, random));
      fleet.add(sunSpec(DeviceClass.BMS, "BMS-" + n, AlarmStandard.SUNSPEC_BATTERY, random));
      fleet.add(charger("CHG-" + n, random));
    }
    return fleet;
  }

  private static Device sunSpec(
      DeviceClass c, String serial, AlarmStandard standard, Random random) {
    List<AlarmCode> codes = CATALOGUE.of(standard);
    List<Object> frames = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    long evt1 = 0;
    for (int k = 0; k < FRAMES_PER_DEVICE; k++) {
      AlarmCode flip = codes.get(random.nextInt(codes.size()));
      evt1 ^= 1L << flip.bit();
      int model = c == DeviceClass.BMS ? SunSpecEventFrame.BATTERY_MODEL : 101;
      frames.add(new SunSpecEventFrame(serial, model, "M", "1", evt1, null, k, at(k)));
      ids.add(EventIds.alarmEventId(serial, flip.code(), Instant.ofEpochMilli(at(k)), k));
    }
    return new Device(c, serial, frames, ids);
  }

  private static Device charger(String serial, Random random) {
    List<String> errors =
        OcppStatusNotification.ERROR_CODES.stream().filter(e -> !e.equals("NoError")).toList();
    List<Object> frames = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    String active = null;
    for (int k = 0; k < FRAMES_PER_DEVICE; k++) {
      String code = active == null ? errors.get(random.nextInt(errors.size())) : "NoError";
      frames.add(DeviceFrames.charger(serial, 1, code, k));
      String changed = active == null ? code : active;
      ids.add(EventIds.alarmEventId(serial, "ocpp16:" + changed, Instant.ofEpochMilli(at(k)), k));
      active = active == null ? code : null;
    }
    return new Device(DeviceClass.CHARGER, serial, frames, ids);
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }
}
