package dev.pdm.simulators;

import dev.pdm.model.topic.Topics;
import dev.pdm.model.vendor.OcppStatusFrame;
import dev.pdm.model.vendor.SunSpecEventFrame;
import dev.pdm.model.vendor.VendorCodec;
import dev.pdm.simulators.generator.DeviceMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Named instants and intent-named builders shared by the tests. */
public final class Fixtures {

  /** Midnight in Beijing on 1 June 2025. */
  public static final Instant T0 = Instant.parse("2025-05-31T16:00:00Z");

  public static final Duration ONE_DAY = Duration.ofDays(1);

  private Fixtures() {}

  /** A small fleet with coarse telemetry, so a simulated week stays cheap. */
  public static SimulatorConfig.Builder smallFleet(String scenario, Path out) {
    return SimulatorConfig.builder()
        .seed(7)
        .inverters(60)
        .batteries(30)
        .chargers(30)
        .sites(6)
        .scenario(scenario)
        .simStart(T0)
        .simDuration(Duration.ofDays(7))
        .telemetryPeriod(Duration.ofMinutes(10))
        .outputDir(out);
  }

  public static List<DeviceMessage> generateAll(Simulation simulation) {
    List<DeviceMessage> out = new ArrayList<>();
    simulation.newGenerator().advanceTo(Long.MAX_VALUE, out::add);
    return out;
  }

  public static List<DeviceMessage> alarms(List<DeviceMessage> messages) {
    return messages.stream().filter(m -> m.kind() == Topics.Kind.ALARM).toList();
  }

  public static boolean isCharger(DeviceMessage m) {
    return m.topic().startsWith("devices/charger/");
  }

  /** A decoded alarm frame of either shape. */
  public record Frame(String serial, long ts, SunSpecEventFrame sunspec, OcppStatusFrame ocpp) {}

  public static Frame decode(DeviceMessage m) {
    if (isCharger(m)) {
      OcppStatusFrame f = VendorCodec.decodeOcpp(m.payload());
      return new Frame(f.chargePointSerialNumber(), f.ts(), null, f);
    }
    SunSpecEventFrame f = VendorCodec.decodeSunSpec(m.payload());
    return new Frame(f.sn(), f.ts(), f, null);
  }
}
