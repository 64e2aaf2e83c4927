package dev.pdm.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.model.registry.DeviceRegistryFiles;
import dev.pdm.simulators.scenario.GroundTruthFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorConfigTest {

  @Test
  void defaultsAreValid() {
    SimulatorConfig config = SimulatorConfig.builder().build();
    assertThat(config.devices()).isEqualTo(100);
    assertThat(config.effectiveSites()).isEqualTo(2);
    assertThat(config.telemetryQos()).isZero();
  }

  @Test
  void negativeCountsAreRejectedNamingTheCounts() {
    assertThatThrownBy(() -> SimulatorConfig.builder().batteries(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative")
        .hasMessageContaining("batteries=-1");
  }

  @Test
  void anEmptyFleetIsRejected() {
    assertThatThrownBy(() -> SimulatorConfig.builder().devices(0).build())
        .hasMessageContaining("at least one device");
  }

  @Test
  void unknownScenarioIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> SimulatorConfig.builder().scenario("meltdown").build())
        .hasMessageContaining("unknown scenario 'meltdown'")
        .hasMessageContaining("defective-bms-batch")
        .hasMessageContaining("charger-firmware-flapping")
        .hasMessageContaining("site-grid-outage")
        .hasMessageContaining("inverter-degradation")
        .hasMessageContaining("gateway-offline")
        .hasMessageContaining("quiet-month");
  }

  @Test
  void composedScenariosAreAcceptedWhenEveryPartIsKnown() {
    assertThat(
            SimulatorConfig.builder()
                .scenario("site-grid-outage+charger-firmware-flapping")
                .build()
                .scenario())
        .isEqualTo("site-grid-outage+charger-firmware-flapping");
    assertThatThrownBy(
            () -> SimulatorConfig.builder().scenario("site-grid-outage+nonsense").build())
        .hasMessageContaining("unknown scenario 'nonsense'");
  }

  @Test
  void badBrokerUrlsAreRejected() {
    assertThatThrownBy(() -> SimulatorConfig.builder().brokerUrl("http://localhost:1883").build())
        .hasMessageContaining("brokerUrl")
        .hasMessageContaining("tcp://");
    assertThatThrownBy(() -> SimulatorConfig.builder().brokerUrl("tcp://").build())
        .hasMessageContaining("brokerUrl");
    assertThatThrownBy(() -> SimulatorConfig.builder().brokerUrl("tcp://host:99999").build())
        .hasMessageContaining("invalid port");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                SimulatorConfig.builder()
                    .speed(0)
                    .telemetryQos(2)
                    .telemetryPeriod(Duration.ofMillis(10))
                    .build())
        .hasMessageContaining("speed")
        .hasMessageContaining("telemetryQos")
        .hasMessageContaining("telemetryPeriod");
  }

  @Test
  void commandLineMapsToTheConfig() {
    SimulatorConfig config =
        SimulatorMain.parse(
                new String[] {
                  "--devices", "1000", "--scenario", "defective-bms-batch", "--broker",
                  "tcp://127.0.0.1:1883", "--speed", "60", "--start", "2025-06-01T00:00:00Z",
                  "--duration", "12h", "--site-broker", "site-002=tcp://10.0.0.2:1883"
                })
            .config();

    assertThat(config.inverters()).isEqualTo(600);
    assertThat(config.batteries()).isEqualTo(200);
    assertThat(config.chargers()).isEqualTo(200);
    assertThat(config.speed()).isEqualTo(60);
    assertThat(config.simStart()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(config.simDuration()).isEqualTo(Duration.ofHours(12));
    assertThat(config.brokerUrlFor("site-002")).isEqualTo("tcp://10.0.0.2:1883");
    assertThat(config.brokerUrlFor("site-001")).isEqualTo("tcp://127.0.0.1:1883");
  }

  @Test
  void commandLineRejectsUnknownOptionsAndMalformedValues() {
    assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--frobnicate", "1"}))
        .hasMessageContaining("unknown option --frobnicate");
    assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--devices", "many"}))
        .hasMessageContaining("--devices expects an integer");
    assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--duration", "soon"}))
        .hasMessageContaining("--duration expects a duration");
  }

  @Test
  void dryRunWritesRegistryAndGroundTruthWithoutABroker(@TempDir Path dir) throws Exception {
    SimulatorMain.main(
        new String[] {
          "--devices",
          "50",
          "--scenario",
          "mixed",
          "--start",
          "2025-06-01T00:00:00Z",
          "--duration",
          "7d",
          "--out",
          dir.toString(),
          "--broker",
          "tcp://127.0.0.1:9",
          "--dry-run"
        });

    assertThat(DeviceRegistryFiles.readCsv(dir.resolve("registry.csv")).devices()).hasSize(50);
    assertThat(DeviceRegistryFiles.readJson(dir.resolve("registry.json")).devices()).hasSize(50);
    assertThat(GroundTruthFiles.read(dir.resolve("ground-truth.jsonl"))).isNotEmpty();
  }
}
