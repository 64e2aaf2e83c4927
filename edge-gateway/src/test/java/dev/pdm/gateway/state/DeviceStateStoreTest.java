package dev.pdm.gateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStateStoreTest {

  @TempDir Path dir;

  @Test
  void theLastStateOfEveryDeviceSurvivesAReopen() {
    try (DeviceStateStore s = DeviceStateStore.open(dir)) {
      s.put("INV-1", new DeviceAlarmState.SunSpec(5));
      s.put("INV-1", new DeviceAlarmState.SunSpec(0xFFFF_FFFFL, 1_770_000_000_000L, 42));
      s.put("CHG-1", DeviceAlarmState.Ocpp.of(Map.of(1, "GroundFailure", 2, "WeakSignal"), 7, 8));
      s.put("CHG-2", DeviceAlarmState.Ocpp.of(Map.of()));
      s.sync();
    }
    try (DeviceStateStore s = DeviceStateStore.open(dir)) {
      assertThat(s.get("INV-1"))
          .isEqualTo(new DeviceAlarmState.SunSpec(0xFFFF_FFFFL, 1_770_000_000_000L, 42));
      assertThat(s.get("CHG-1"))
          .isEqualTo(DeviceAlarmState.Ocpp.of(Map.of(1, "GroundFailure", 2, "WeakSignal"), 7, 8));
      assertThat(s.get("CHG-2")).isEqualTo(DeviceAlarmState.Ocpp.of(Map.of()));
      assertThat(s.get("NEW")).isNull();
    }
  }

  @Test
  void aTornLastLineIsIgnoredAndTheStateBeforeItKept() throws Exception {
    DeviceStateStore crashed = DeviceStateStore.open(dir);
    crashed.put("INV-1", new DeviceAlarmState.SunSpec(3));
    crashed.sync();
    // no close(): a crash in the middle of the next line
    Files.write(
        dir.resolve("device-state.journal"),
        "S INV-1 12".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (DeviceStateStore s = DeviceStateStore.open(dir)) {
      assertThat(s.get("INV-1")).isEqualTo(new DeviceAlarmState.SunSpec(3));
    }
  }
}
