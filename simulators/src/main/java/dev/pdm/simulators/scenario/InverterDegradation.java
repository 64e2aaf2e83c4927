package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.HOUR;
import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.fleet.SimDevice;
import dev.pdm.simulators.physics.Effect;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cooling that degrades over days: the heat-sink runs a little hotter at equal load every day until
 * the inverter trips OVER_TEMP at midday. A predictive detector should see the trend first.
 */
final class InverterDegradation implements Injector {

  static final String NAME = "inverter-degradation";
  static final String ALARM = "sunspec-inv:OVER_TEMP";
  static final String PREDICTION = "pdm-predict:HEATSINK_TEMP_RISE";

  /** Extra heat-sink rise reached when the alarm fires, kelvin. */
  static final double DRIFT_KELVIN = 28;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    SplittableRandom rng = plan.random(NAME);
    List<SimDevice> inverters = plan.fleet().of(DeviceClass.INVERTER);
    long start = plan.from() + (long) (0.1 * plan.span());
    long alarm = plan.from() + (long) (0.7 * plan.span());
    if (plan.span() >= PlanBuilder.DAY) {
      long midday = PlanBuilder.atClockHour(alarm, 13);
      alarm = midday > start && midday < plan.to() ? midday : alarm;
    }
    long clear = alarm + (long) Math.min(4 * HOUR, 0.1 * plan.span());
    for (SimDevice d : PlanBuilder.pick(inverters, plan.params().degradingInverters(), rng)) {
      if (!plan.isFree(d.serial(), start, clear)) {
        continue;
      }
      plan.reserve(d.serial(), start, clear);
      String id = plan.nextFaultId();
      plan.alarm(d.serial(), ALARM, alarm, clear, id);
      plan.effect(
          d.serial(), new Effect(Effect.Kind.HEATSINK_DRIFT, start, alarm, clear, DRIFT_KELVIN));
      plan.record(
          new GroundTruthFault(
              id,
              NAME,
              FaultKind.INVERTER_DEGRADATION,
              d.serial(),
              List.of(d.serial()),
              d.facts().batch(),
              d.site().siteId(),
              d.facts().firmware(),
              List.of(PREDICTION, ALARM),
              instant(start),
              instant(alarm),
              instant(clear),
              1,
              ExpectedOutcome.PREDICTIVE_TICKET));
    }
  }
}
