package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.DAY;
import static dev.pdm.simulators.scenario.PlanBuilder.MINUTE;
import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.fleet.SimDevice;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Operators at work: a technician shuts an inverter down for a few minutes, opens a cabinet or a
 * battery enclosure door during business hours. Real fleets are full of this and it must open no
 * ticket.
 */
final class MaintenanceNoise implements Injector {

  static final String NAME = "maintenance-noise";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    SplittableRandom rng = plan.random(NAME);
    double perSite = plan.params().noiseEventsPerSiteDay();
    if (perSite <= 0) {
      return;
    }
    Map<String, List<SimDevice>> bySite =
        plan.fleet().devices().stream()
            .filter(d -> d.deviceClass() != DeviceClass.CHARGER)
            .collect(Collectors.groupingBy(d -> d.site().siteId()));
    for (long day = Math.floorDiv(plan.from(), DAY); day * DAY < plan.to(); day++) {
      for (var site : plan.fleet().sites()) {
        if (rng.nextDouble() >= perSite) {
          continue;
        }
        List<SimDevice> candidates = bySite.getOrDefault(site.siteId(), List.of());
        if (candidates.isEmpty()) {
          continue;
        }
        SimDevice d = candidates.get(rng.nextInt(candidates.size()));
        long start = PlanBuilder.atClockHour(day * DAY, 9 + 8 * rng.nextDouble());
        long end = start + 2 * MINUTE + (long) (rng.nextDouble() * 13 * MINUTE);
        if (start < plan.from() || start >= plan.to() || !plan.isFree(d.serial(), start, end)) {
          continue;
        }
        String code =
            d.deviceClass() == DeviceClass.BMS
                ? "sunspec-bat:OPEN_DOOR_ERROR"
                : rng.nextBoolean() ? "sunspec-inv:MANUAL_SHUTDOWN" : "sunspec-inv:CABINET_OPEN";
        plan.reserve(d.serial(), start, end);
        String id = plan.nextFaultId();
        plan.alarm(d.serial(), code, start, end, id);
        plan.record(
            new GroundTruthFault(
                id,
                NAME,
                FaultKind.MAINTENANCE_NOISE,
                d.serial(),
                List.of(d.serial()),
                d.facts().batch(),
                site.siteId(),
                d.facts().firmware(),
                List.of(code),
                instant(start),
                instant(start),
                instant(end),
                1,
                ExpectedOutcome.NO_TICKET));
      }
    }
  }
}
