package dev.pdm.simulators.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pdm.simulators.Fixtures;
import dev.pdm.simulators.FleetSimulator;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.SimulatorHandle;
import dev.pdm.simulators.generator.DeviceMessage;
import dev.pdm.simulators.scenario.ScenarioParams;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round trip through the machine's own Mosquitto on 127.0.0.1:1883, with its default settings
 * (small in-flight window). Serials and client ids carry a per-run prefix, so other users of that
 * broker neither see nor disturb this test beyond a few short-lived topics.
 */
class MachineBrokerIT {

  static final String MACHINE_BROKER = "tcp://127.0.0.1:1883";

  @TempDir Path dir;

  static boolean reachable() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 1883), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void smallFleetRoundTripsThroughTheMachineBroker() throws Exception {
    assumeTrue(reachable(), "no MQTT broker listening on 127.0.0.1:1883; round trip skipped");
    String prefix = String.format("T%08X-", new SplittableRandom(System.nanoTime()).nextInt());
    SimulatorConfig config =
        Fixtures.smallFleet("mixed", dir)
            .inverters(12)
            .batteries(6)
            .chargers(6)
            .sites(2)
            .simDuration(Duration.ofDays(1))
            .speed(86_400 / 4.0)
            .params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.2))
            .serialPrefix(prefix)
            .clientIdPrefix(prefix + "pub")
            .brokerUrl(MACHINE_BROKER)
            .build();
    Map<String, Long> expected =
        Fixtures.alarms(Fixtures.generateAll(Simulation.plan(config, config.simStart()))).stream()
            .collect(
                Collectors.groupingBy(DeviceMessage::serial, TreeMap::new, Collectors.counting()));
    long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();

    try (DeviceSubscriber subscriber =
            new DeviceSubscriber(MACHINE_BROKER, prefix + "sub", prefix, false);
        SimulatorHandle handle = FleetSimulator.start(config)) {
      assertThat(handle.awaitFinished(Duration.ofSeconds(60))).isTrue();
      assertThat(handle.awaitDrained(Duration.ofSeconds(30))).isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> subscriber.distinctAlarmFrames() == expectedTotal);

      assertThat(expectedTotal).isGreaterThan(10);
      assertThat(subscriber.alarmFramesBySerial()).isEqualTo(expected);
      assertThat(handle.counters().alarmFramesBySerial()).isEqualTo(expected);
      assertThat(subscriber.telemetryMessages()).isPositive();
    }
  }
}
