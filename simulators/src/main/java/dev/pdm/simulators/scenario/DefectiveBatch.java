package dev.pdm.simulators.scenario;

import static dev.pdm.simulators.scenario.PlanBuilder.DAY;
import static dev.pdm.simulators.scenario.PlanBuilder.HOUR;
import static dev.pdm.simulators.scenario.PlanBuilder.instant;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.simulators.fleet.SimDevice;
import dev.pdm.simulators.physics.Effect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A battery batch with defective cells: a share of its devices overheat over the run, first the
 * over-temperature warning, hours later the alarm, while the rest of the fleet fails at the
 * baseline rate only. Cell temperatures climb in telemetry before the warning.
 */
final class DefectiveBatch implements Injector {

  static final String NAME = "defective-bms-batch";
  static final String WARNING = "sunspec-bat:OVER_TEMP_WARNING";
  static final String ALARM = "sunspec-bat:OVER_TEMP_ALARM";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void inject(PlanBuilder plan) {
    Map<String, List<SimDevice>> batches = plan.fleet().byBatch(DeviceClass.BMS);
    if (batches.isEmpty()) {
      return;
    }
    String batch = plan.params().defectiveBatch();
    if (batch == null) {
      batch =
          batches.entrySet().stream()
              .max(
                  Comparator.comparingInt(
                          (Map.Entry<String, List<SimDevice>> e) -> e.getValue().size())
                      .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
              .orElseThrow()
              .getKey();
    }
    List<SimDevice> population = batches.get(batch);
    if (population == null) {
      throw new IllegalArgumentException(
          "defective batch " + batch + " is not a battery batch of the fleet: " + batches.keySet());
    }
    SplittableRandom rng = plan.random(NAME);
    int n =
        Math.min(
            population.size(),
            Math.max(3, (int) Math.round(plan.params().defectiveFraction() * population.size())));
    double scale = Math.min(1, plan.span() / (7.0 * DAY));
    List<String> affected = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    String batchFaultId = plan.nextFaultId();
    plan.record(null); // placeholder keeps the batch entry first; replaced below
    for (SimDevice d : PlanBuilder.pick(population, n, rng)) {
      long warning =
          PlanBuilder.between(
              rng,
              plan.from() + (long) (0.05 * plan.span()),
              plan.from() + (long) (0.6 * plan.span()));
      long alarm = warning + (long) ((2 + 10 * rng.nextDouble()) * HOUR * scale);
      long clear = alarm + (long) ((4 + 20 * rng.nextDouble()) * HOUR * scale);
      long heatFrom = warning - (long) (6 * HOUR * scale);
      if (!plan.isFree(d.serial(), heatFrom, clear)) {
        continue;
      }
      plan.reserve(d.serial(), heatFrom, clear);
      String id = plan.nextFaultId();
      plan.alarm(d.serial(), WARNING, warning, clear, id);
      plan.alarm(d.serial(), ALARM, alarm, clear, id);
      plan.effect(d.serial(), new Effect(Effect.Kind.CELL_HEAT, heatFrom, alarm, clear, 22));
      plan.record(
          new GroundTruthFault(
              id,
              NAME,
              FaultKind.DEFECTIVE_BATCH_DEVICE,
              d.serial(),
              List.of(d.serial()),
              batch,
              d.site().siteId(),
              d.facts().firmware(),
              List.of(WARNING, ALARM),
              instant(heatFrom),
              instant(warning),
              instant(clear),
              2,
              ExpectedOutcome.DEVICE_TICKET));
      affected.add(d.serial());
      first = Math.min(first, warning);
      last = Math.max(last, clear);
    }
    plan.replace(
        batchFaultId,
        affected.isEmpty()
            ? null
            : new GroundTruthFault(
                batchFaultId,
                NAME,
                FaultKind.DEFECTIVE_BATCH,
                null,
                affected,
                batch,
                null,
                null,
                List.of(WARNING, ALARM),
                instant(first),
                instant(first),
                instant(last),
                2,
                ExpectedOutcome.BATCH_PROBLEM));
  }
}
