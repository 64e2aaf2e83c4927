package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.simulators.fleet.SimDevice;
import dev.pdm.simulators.physics.Effect;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Devices that go silent (a dead logger port, a tripped auxiliary supply): no telemetry and no
 * alarm frames for hours, then they resume. Missing data must not turn into fault tickets.
 */
final class SilentDevices implements Injector {

  static final String NAME = "devices-silent";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    SplittableRandom rng = plan.random(NAME);
    int n = plan.params().silentDevices();
    if (n == 0) {
      n = Math.max(1, plan.fleet().devices().size() / 500);
    }
    long start = plan.from() + (long) (0.5 * plan.span());
    long end = start + Math.min(plan.params().silentDuration().toMillis(), plan.span() / 4);
    for (SimDevice d : PlanBuilder.pick(plan.fleet().devices(), n, rng)) {
      if (!plan.isFree(d.serial(), start, end)) {
        continue;
      }
      plan.reserve(d.serial(), start, end);
      plan.effect(d.serial(), new Effect(Effect.Kind.SILENT, start, start, end, 1));
      plan.record(
          new GroundTruthFault(
              plan.nextFaultId(),
              NAME,
              FaultKind.DEVICE_SILENT,
              d.serial(),
              List.of(d.serial()),
              d.facts().batch(),
              d.site().siteId(),
              d.facts().firmware(),
              List.of(),
              instant(start),
              null,
              instant(end),
              0,
              ExpectedOutcome.NO_TICKET));
    }
  }
}
