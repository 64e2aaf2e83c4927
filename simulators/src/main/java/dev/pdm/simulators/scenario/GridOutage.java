package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.fleet.SimDevice;
import dev.pdm.simulators.fleet.Site;
import dev.pdm.simulators.physics.Effect;
import java.util.List;

/**
 * The grid fails at one site at midday: every inverter there raises GRID_DISCONNECT (the cause) and
 * AC_UNDER_VOLT (a symptom) in the same frame, produces nothing, and clears both when the grid
 * returns. The outage is forced onto the inverters, whatever else they are doing.
 */
final class GridOutage implements Injector {

  static final String NAME = "site-grid-outage";
  static final String CAUSE = "sunspec-inv:GRID_DISCONNECT";
  static final String SYMPTOM = "sunspec-inv:AC_UNDER_VOLT";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    Site site =
        plan.params().outageSite() != null
            ? plan.fleet().sites().stream()
                .filter(s -> s.siteId().equals(plan.params().outageSite()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "outage site " + plan.params().outageSite() + " is not in the fleet"))
            : plan.fleet().siteWithMost(DeviceClass.INVERTER, 0);
    if (site == null) {
      return;
    }
    List<SimDevice> inverters =
        plan.fleet().atSite(site.siteId()).stream()
            .filter(d -> d.deviceClass() == DeviceClass.INVERTER)
            .toList();
    if (inverters.isEmpty()) {
      return;
    }
    long start = plan.from() + (long) (0.3 * plan.span());
    if (plan.span() >= PlanBuilder.DAY) {
      long noon = PlanBuilder.atClockHour(start, 11);
      start = noon >= plan.from() ? noon : start;
    }
    long duration = Math.min(plan.params().outageDuration().toMillis(), plan.span() / 5);
    long end = start + duration;
    String id = plan.nextFaultId();
    for (SimDevice d : inverters) {
      plan.reserve(d.serial(), start, end);
      plan.alarm(d.serial(), CAUSE, start, end, id);
      plan.alarm(d.serial(), SYMPTOM, start, end, id);
      plan.effect(d.serial(), new Effect(Effect.Kind.GRID_LOSS, start, start, end, 1));
    }
    plan.record(
        new GroundTruthFault(
            id,
            NAME,
            FaultKind.SITE_GRID_OUTAGE,
            null,
            inverters.stream().map(SimDevice::serial).toList(),
            null,
            site.siteId(),
            null,
            List.of(CAUSE, SYMPTOM),
            instant(start),
            instant(start),
            instant(end),
            1,
            ExpectedOutcome.SITE_OUTAGE_ONE_TICKET_PER_DEVICE_OR_SUPPRESSED));
  }
}
