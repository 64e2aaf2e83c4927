package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.HOUR;
import static dev.pdm.simulators.scenario.PlanBuilder.MINUTE;
import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.fleet.SimDevice;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Isolated device faults at the fleet's baseline rate (a Poisson process per device), each raised
 * once and cleared after a repair time of half an hour to a day.
 */
final class BackgroundFaults implements Injector {

  static final String NAME = "background";

  static final List<String> INVERTER_CODES =
      List.of(
          "sunspec-inv:GROUND_FAULT",
          "sunspec-inv:BLOWN_STRING_FUSE",
          "sunspec-inv:HW_TEST_FAILURE",
          "sunspec-inv:DC_OVER_VOLT",
          "sunspec-inv:MEMORY_LOSS");

  /** Baseline thermal failures are part of the mix, so a defective batch stands out against it. */
  static final List<String> BATTERY_CODES =
      List.of(
          "sunspec-bat:FAN_ERROR",
          "sunspec-bat:CONTACTOR_ERROR",
          "sunspec-bat:COMMUNICATION_ERROR",
          "sunspec-bat:GROUND_FAULT",
          "sunspec-bat:OVER_TEMP_WARNING");

  static final List<String> CHARGER_CODES =
      List.of(
          "ocpp16:GroundFailure",
          "ocpp16:ConnectorLockFailure",
          "ocpp16:PowerMeterFailure",
          "ocpp16:OverCurrentFailure",
          "ocpp16:InternalError",
          "ocpp16:ReaderFailure");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    SplittableRandom rng = plan.random(NAME);
    double lambda = plan.params().backgroundFaultsPerDeviceDay() * plan.days();
    double threshold = Math.exp(-lambda);
    for (SimDevice d : plan.fleet().devices()) {
      // Knuth's method: lambda is small, so this is a draw or two per device
      int k = 0;
      for (double p = rng.nextDouble(); p > threshold; p *= rng.nextDouble()) {
        k++;
      }
      for (int i = 0; i < k; i++) {
        List<String> codes = codesOf(d.deviceClass());
        String code = codes.get(rng.nextInt(codes.size()));
        long start = PlanBuilder.between(rng, plan.from(), plan.to());
        long end = start + 30 * MINUTE + (long) (rng.nextDouble() * 23.5 * HOUR);
        if (!plan.isFree(d.serial(), start, end)) {
          continue;
        }
        plan.reserve(d.serial(), start, end);
        String id = plan.nextFaultId();
        plan.alarm(d.serial(), code, start, end, id);
        plan.record(
            new GroundTruthFault(
                id,
                NAME,
                FaultKind.BACKGROUND_FAULT,
                d.serial(),
                List.of(d.serial()),
                d.facts().batch(),
                d.site().siteId(),
                d.facts().firmware(),
                List.of(code),
                instant(start),
                instant(start),
                instant(end),
                1,
                ExpectedOutcome.DEVICE_TICKET));
      }
    }
  }

  static List<String> codesOf(DeviceClass c) {
    return switch (c) {
      case INVERTER -> INVERTER_CODES;
      case BMS -> BATTERY_CODES;
      case CHARGER -> CHARGER_CODES;
    };
  }
}
