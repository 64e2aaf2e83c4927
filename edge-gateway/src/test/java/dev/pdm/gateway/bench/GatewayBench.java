package dev.pdm.gateway.bench;

import static dev.pdm.gateway.fixtures.DeviceFrames.inverter;
import static dev.pdm.gateway.fixtures.DeviceFrames.telemetry;

import dev.pdm.gateway.EdgeGateway;
import dev.pdm.gateway.config.GatewayConfig;
import dev.pdm.gateway.fixtures.CentralRecorder;
import dev.pdm.gateway.fixtures.SiteDevices;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.testsupport.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * End-to-end figures of one gateway between two private Mosquittos: sustained messages per second
 * (site broker to gateway to central broker, every message forced to disk before the site broker
 * gets its acknowledgement) and the drain rate of a backlog queued during an uplink outage.
 *
 * <p>{@code ./mvnw -B -pl edge-gateway -Pbench test-compile exec:java [-Dbench.messages=20000]
 * [-Dbench.fsync=true]}
 */
public final class GatewayBench {

  private static final int DEVICES = 100;

  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.messages", 20_000);
    boolean fsync = Boolean.parseBoolean(System.getProperty("bench.fsync", "true"));
    try (MosquittoBroker site = MosquittoBroker.start();
        MosquittoBroker central = MosquittoBroker.start()) {
      Path store = Files.createTempDirectory("pdm-gateway-bench");
      Map<String, String> m = new HashMap<>();
      m.put(GatewayConfig.SITE, "bench");
      m.put(GatewayConfig.SITE_BROKER_URL, site.url());
      m.put(GatewayConfig.CENTRAL_BROKER_URL, central.url());
      m.put(GatewayConfig.STORE_DIR, store.toString());
      m.put(GatewayConfig.HTTP_PORT, "0");
      m.put(GatewayConfig.STORE_FSYNC, Boolean.toString(fsync));
      m.put(GatewayConfig.TELEMETRY_RATE, "1e9");
      m.put(GatewayConfig.TELEMETRY_BURST, "1e9");
      m.put(GatewayConfig.ALARM_RATE, "1e9");
      m.put(GatewayConfig.ALARM_BURST, "1e9");
      try (EdgeGateway gw = EdgeGateway.start(GatewayConfig.parse(m));
          CentralRecorder recorder = new CentralRecorder(central.url(), "pdm/v1/#");
          SiteDevices devices = new SiteDevices(site.url())) {
        waitFor(() -> gw.metrics().siteConnected() && gw.metrics().centralConnected());

        // Warm-up, not measured.
        publish(devices, 0, 2_000);
        waitFor(() -> settled(gw, 2_000));

        long t0 = System.nanoTime();
        publish(devices, 2_000, n);
        int target = 2_000 + n;
        waitFor(() -> settled(gw, target));
        double live = n / seconds(t0);

        central.stop();
        waitFor(() -> !gw.metrics().centralConnected());
        publish(devices, target, n);
        long queuedTarget = n;
        waitFor(() -> gw.metrics().queueDepth() >= queuedTarget);
        central.restart();
        waitFor(() -> gw.metrics().centralConnected());
        long t1 = System.nanoTime();
        waitFor(() -> gw.metrics().queueDepth() == 0);
        double drain = n / seconds(t1);

        System.out.printf(
            Locale.ROOT,
            "gateway bench: fsync=%s messages=%d devices=%d (1 alarm frame per 10 telemetry)%n"
                + "  sustained site->gateway->central: %.0f msg/s%n"
                + "  drain of a %d-event backlog after an uplink outage: %.0f events/s%n",
            fsync,
            n,
            DEVICES,
            live,
            n,
            drain);
      }
    }
  }

  /** Inverter traffic: every tenth message an alarm frame toggling one bit (one edge each). */
  private static void publish(SiteDevices devices, int from, int count) throws Exception {
    Map<String, Double> values =
        Map.of(Metrics.AC_POWER_W, 52_000.0, Metrics.HEATSINK_TEMP_C, 51.5, Metrics.LOAD_PCT, 47.0);
    for (int i = from; i < from + count; i++) {
      String serial = "INV-" + (i % DEVICES);
      int round = i / DEVICES;
      if (round % 10 == 0) {
        devices.alarm(DeviceClass.INVERTER, serial, inverter(serial, (round / 10 + 1) % 2, i));
      } else {
        devices.telemetry(DeviceClass.INVERTER, serial, telemetry(serial, i, values));
      }
    }
    devices.flush();
  }

  /** Every device message taken, and every resulting event acknowledged by the central broker. */
  private static boolean settled(EdgeGateway gw, long sent) {
    var m = gw.metrics();
    return m.receivedAlarmFrames() + m.receivedTelemetry() >= sent
        && m.enqueuedAlarms() + m.enqueuedTelemetry()
            == m.publishedAlarms() + m.publishedTelemetry()
        && m.queueDepth() == 0;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("bench condition not reached in 5 minutes");
      }
      Thread.sleep(20);
    }
  }
}
