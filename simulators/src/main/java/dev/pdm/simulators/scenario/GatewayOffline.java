package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.fleet.Site;
import java.util.List;

/**
 * Marks the window in which the harness takes one site's gateway offline. The devices keep
 * publishing as usual (the background mix runs as in any scenario); the simulator only records
 * where and when, so that the harness knows which alarms had to survive the gateway's buffer.
 */
final class GatewayOffline implements Injector {

  static final String NAME = "gateway-offline";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    Site site =
        plan.params().offlineSite() != null
            ? plan.fleet().sites().stream()
                .filter(s -> s.siteId().equals(plan.params().offlineSite()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "offline site " + plan.params().offlineSite() + " is not in the fleet"))
            : plan.fleet().siteWithMost(DeviceClass.BMS, 0);
    if (site == null) {
      site = plan.fleet().sites().get(0);
    }
    long start = plan.from() + (long) (0.4 * plan.span());
    long end = start + Math.min(plan.params().offlineDuration().toMillis(), plan.span() / 4);
    plan.record(
        new GroundTruthFault(
            plan.nextFaultId(),
            NAME,
            FaultKind.GATEWAY_OFFLINE,
            null,
            List.of(),
            null,
            site.siteId(),
            null,
            List.of(),
            instant(start),
            null,
            instant(end),
            0,
            ExpectedOutcome.NO_ALARM_LOST));
  }
}
