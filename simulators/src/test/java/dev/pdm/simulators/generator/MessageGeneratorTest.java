package dev.pdm.simulators.generator;

import static dev.pdm.simulators.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.topic.Topics;
import dev.pdm.model.vendor.VendorCodec;
import dev.pdm.simulators.AlarmReplay;
import dev.pdm.simulators.Fixtures;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.SimulatorConfig;
import dev.pdm.simulators.scenario.ScenarioParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageGeneratorTest {

  @TempDir Path dir;

  SimulatorConfig.Builder mixed(long seed) {
    return Fixtures.smallFleet("mixed", dir).seed(seed).simDuration(Duration.ofDays(2));
  }

  static String digest(List<DeviceMessage> messages) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (DeviceMessage m : messages) {
      sha.update(m.topic().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) m.qos());
      sha.update(m.payload());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void sameSeedAndConfigGiveTheSameMessageSequenceByteForByte() throws Exception {
    List<DeviceMessage> a = Fixtures.generateAll(Simulation.plan(mixed(7).build(), T0));
    List<DeviceMessage> b = Fixtures.generateAll(Simulation.plan(mixed(7).build(), T0));
    assertThat(a).hasSameSizeAs(b);
    assertThat(digest(a)).isEqualTo(digest(b));
  }

  @Test
  void differentSeedGivesADifferentMessageSequence() throws Exception {
    List<DeviceMessage> a = Fixtures.generateAll(Simulation.plan(mixed(7).build(), T0));
    List<DeviceMessage> b = Fixtures.generateAll(Simulation.plan(mixed(8).build(), T0));
    assertThat(digest(a)).isNotEqualTo(digest(b));
  }

  @Test
  void pullingInSmallStepsYieldsExactlyWhatOnePullYields() throws Exception {
    Simulation simulation = Simulation.plan(mixed(7).build(), T0);
    List<DeviceMessage> stepped = new ArrayList<>();
    MessageGenerator generator = simulation.newGenerator();
    for (long t = T0.toEpochMilli(); !generator.exhausted(); t += 37_000) {
      generator.advanceTo(t, stepped::add);
    }
    assertThat(digest(stepped)).isEqualTo(digest(Fixtures.generateAll(simulation)));
  }

  @Test
  void messagesComeInDeviceTimeOrderWithRisingPerDeviceSequenceNumbers() {
    List<DeviceMessage> all = Fixtures.generateAll(Simulation.plan(mixed(7).build(), T0));
    Map<String, Long> lastSeq = new HashMap<>();
    long lastTime = Long.MIN_VALUE;
    for (DeviceMessage m : all) {
      assertThat(m.deviceTimeMillis()).isGreaterThanOrEqualTo(lastTime);
      lastTime = m.deviceTimeMillis();
      long seq =
          m.kind() == Topics.Kind.TELEMETRY
              ? VendorCodec.decodeTelemetry(m.payload()).seq()
              : Fixtures.isCharger(m)
                  ? VendorCodec.decodeOcpp(m.payload()).seq()
                  : VendorCodec.decodeSunSpec(m.payload()).seq();
      Long previous = lastSeq.put(m.serial(), seq);
      if (previous != null) {
        assertThat(seq).isGreaterThan(previous);
      }
    }
  }

  @Test
  void everyDeviceReportsTelemetryOncePerPeriodAtQosZero() {
    SimulatorConfig config =
        mixed(7).scenario("quiet-month").simDuration(Duration.ofHours(6)).build();
    Simulation simulation = Simulation.plan(config, T0);
    List<DeviceMessage> telemetry =
        Fixtures.generateAll(simulation).stream()
            .filter(m -> m.kind() == Topics.Kind.TELEMETRY)
            .toList();
    assertThat(telemetry).hasSize(120 * 36);
    assertThat(telemetry).allSatisfy(m -> assertThat(m.qos()).isZero());
    assertThat(telemetry)
        .allSatisfy(
            m ->
                assertThat(m.topic())
                    .isEqualTo(
                        Topics.device(
                            simulation.fleet().bySerial().get(m.serial()).deviceClass(),
                            m.serial(),
                            Topics.Kind.TELEMETRY)));
  }

  @Test
  void alarmFramesDecodeWithTheVendorCodecAndUseOnlyCatalogueCodes() {
    SimulatorConfig config =
        mixed(7)
            .params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.05))
            .simDuration(Duration.ofDays(2))
            .build();
    List<DeviceMessage> alarms = Fixtures.alarms(Fixtures.generateAll(Simulation.plan(config, T0)));

    assertThat(alarms).hasSizeGreaterThan(50);
    assertThat(alarms).allSatisfy(m -> assertThat(m.qos()).isEqualTo(1));
    List<AlarmReplay.Transition> transitions = AlarmReplay.replay(alarms);
    assertThat(transitions)
        .allSatisfy(
            t -> assertThat(AlarmCatalogue.standard().find(t.code())).as(t.code()).isPresent());
    assertThat(transitions.stream().map(AlarmReplay.Transition::code).distinct().count())
        .isGreaterThan(8);
    assertThat(alarms.stream().filter(m -> !Fixtures.isCharger(m)).findFirst().orElseThrow())
        .satisfies(
            m ->
                assertThat(new String(m.payload(), StandardCharsets.UTF_8))
                    .contains("\"Evt1\":")
                    .contains("\"EvtVnd1\":"));
    assertThat(alarms.stream().filter(Fixtures::isCharger).findFirst().orElseThrow())
        .satisfies(
            m ->
                assertThat(new String(m.payload(), StandardCharsets.UTF_8))
                    .contains("\"action\":\"StatusNotification\""));
  }

  @Test
  void anOcppFaultIsFaultedWithAVendorCodeAndItsClearIsNoErrorAvailable() {
    SimulatorConfig config =
        mixed(7).params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.05)).build();
    List<DeviceMessage> chargerAlarms =
        Fixtures.alarms(Fixtures.generateAll(Simulation.plan(config, T0))).stream()
            .filter(Fixtures::isCharger)
            .toList();
    var frames = chargerAlarms.stream().map(m -> VendorCodec.decodeOcpp(m.payload())).toList();
    assertThat(frames)
        .anySatisfy(
            f -> {
              assertThat(f.payload().errorCode()).isNotEqualTo("NoError");
              assertThat(f.payload().status()).isIn("Faulted", "SuspendedEVSE");
              assertThat(f.payload().vendorErrorCode()).matches("E\\d{3}");
            });
    assertThat(frames)
        .anySatisfy(
            f -> {
              assertThat(f.payload().errorCode()).isEqualTo("NoError");
              assertThat(f.payload().status()).isEqualTo("Available");
            });
  }

  @Test
  void periodicEvt1RefreshRepeatsTheCurrentBitfieldWithoutAddingTransitions() {
    SimulatorConfig plain =
        mixed(7).params(ScenarioParams.defaults().withBackgroundFaultsPerDeviceDay(0.05)).build();
    SimulatorConfig refreshing = plain.toBuilder().alarmRefreshPeriod(Duration.ofHours(1)).build();
    List<DeviceMessage> without = Fixtures.alarms(Fixtures.generateAll(Simulation.plan(plain, T0)));
    List<DeviceMessage> with =
        Fixtures.alarms(Fixtures.generateAll(Simulation.plan(refreshing, T0)));

    List<DeviceMessage> refreshes = with.stream().filter(m -> m.transitions() == 0).toList();
    assertThat(refreshes).hasSizeGreaterThan(90 * 24);
    assertThat(refreshes).noneMatch(Fixtures::isCharger);
    assertThat(AlarmReplay.replay(with)).isEqualTo(AlarmReplay.replay(without));
  }
}
