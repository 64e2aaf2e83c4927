package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.MINUTE;
import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.fleet.SimDevice;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A charger firmware bug: on one firmware version the EV communication check misfires, raising and
 * clearing EVCommunicationError many times in an hour. Each flapping charger should end up with one
 * ticket, marked flapping.
 */
final class FirmwareFlapping implements Injector {

  static final String NAME = "charger-firmware-flapping";
  static final String CODE = "ocpp16:EVCommunicationError";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    List<SimDevice> chargers = plan.fleet().of(DeviceClass.CHARGER);
    if (chargers.isEmpty()) {
      return;
    }
    String firmware = plan.params().flappingFirmware();
    if (firmware == null) {
      firmware =
          chargers.stream().map(d -> d.facts().firmware()).max(Comparator.naturalOrder()).get();
    }
    String fw = firmware;
    List<SimDevice> onFirmware =
        chargers.stream().filter(d -> d.facts().firmware().equals(fw)).toList();
    if (onFirmware.isEmpty()) {
      throw new IllegalArgumentException(
          "no charger of the fleet runs firmware "
              + fw
              + "; firmwares present: "
              + chargers.stream().map(d -> d.facts().firmware()).distinct().sorted().toList());
    }
    SplittableRandom rng = plan.random(NAME);
    int n = Math.max(1, (int) Math.round(plan.params().flappingFraction() * onFirmware.size()));
    int cycles = plan.params().flapCount();
    for (SimDevice d : PlanBuilder.pick(onFirmware, n, rng)) {
      long start =
          PlanBuilder.between(
              rng,
              plan.from() + (long) (0.1 * plan.span()),
              plan.from() + (long) (0.7 * plan.span()));
      long[] raises = new long[cycles];
      long[] clears = new long[cycles];
      long t = start;
      for (int i = 0; i < cycles; i++) {
        raises[i] = t;
        clears[i] = t + 20_000 + (long) (rng.nextDouble() * 100_000);
        t = clears[i] + MINUTE + (long) (rng.nextDouble() * 5 * MINUTE);
      }
      long end = clears[cycles - 1];
      if (end >= plan.to() || !plan.isFree(d.serial(), start, end)) {
        continue;
      }
      plan.reserve(d.serial(), start, end);
      String id = plan.nextFaultId();
      for (int i = 0; i < cycles; i++) {
        plan.alarm(d.serial(), CODE, raises[i], clears[i], id);
      }
      plan.record(
          new GroundTruthFault(
              id,
              NAME,
              FaultKind.FIRMWARE_FLAPPING,
              d.serial(),
              List.of(d.serial()),
              d.facts().batch(),
              d.site().siteId(),
              fw,
              List.of(CODE),
              instant(start),
              instant(start),
              instant(end),
              cycles,
              ExpectedOutcome.ONE_TICKET_FLAPPING));
    }
  }
}
