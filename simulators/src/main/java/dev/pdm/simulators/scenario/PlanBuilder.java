package dev.pdm.simulators.scenario;

import dev.pdm.simulators.fleet.Fleet;
import dev.pdm.simulators.fleet.SimDevice;
import dev.pdm.simulators.physics.Effect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Collects what the injectors of a scenario plan. A device carries one injected fault at a time
 * (OCPP has one active error per connector, and overlapping faults would blur the ground truth), so
 * injectors reserve the device's window first; injectors that run later skip busy devices.
 */
public final class PlanBuilder {

  static final long MINUTE = 60_000L;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private final Fleet fleet;
  private final ScenarioParams params;
  private final long seed;
  private final long from;
  private final long to;
  private final List<GroundTruthFault> faults = new ArrayList<>();
  private final List<AlarmTransition> transitions = new ArrayList<>();
  private final Map<String, List<Effect>> effects = new HashMap<>();
  private final Map<String, List<long[]>> busy = new HashMap<>();

  PlanBuilder(Fleet fleet, ScenarioParams params, long seed, long from, long to) {
    this.fleet = fleet;
    this.params = params;
    this.seed = seed;
    this.from = from;
    this.to = to;
  }

  public Fleet fleet() {
    return fleet;
  }

  public ScenarioParams params() {
    return params;
  }

  public long from() {
    return from;
  }

  public long to() {
    return to;
  }

  public long span() {
    return to - from;
  }

  public double days() {
    return span() / (double) DAY;
  }

  /**
   * A random stream of its own per injector: adding one scenario does not move another's faults.
   */
  public SplittableRandom random(String injector) {
    return new SplittableRandom(seed ^ (injector.hashCode() * 0x9E3779B97F4A7C15L));
  }

  public boolean isFree(String serial, long start, long end) {
    for (long[] w : busy.getOrDefault(serial, List.of())) {
      if (start < w[1] && w[0] < end) {
        return false;
      }
    }
    return true;
  }

  public void reserve(String serial, long start, long end) {
    busy.computeIfAbsent(serial, s -> new ArrayList<>()).add(new long[] {start, end});
  }

  public String nextFaultId() {
    return String.format("F-%06d", faults.size() + 1);
  }

  public void record(GroundTruthFault fault) {
    faults.add(fault);
  }

  /** Fills in an entry recorded earlier as a placeholder; null drops it. */
  void replace(String faultId, GroundTruthFault fault) {
    int index = Integer.parseInt(faultId.substring(2)) - 1;
    faults.set(index, fault);
  }

  /**
   * Plans a raise at {@code raiseAt} and a clear at {@code clearAt}; both only inside the range.
   */
  public void alarm(String serial, String code, long raiseAt, long clearAt, String faultId) {
    if (raiseAt >= from && raiseAt < to) {
      transitions.add(new AlarmTransition(raiseAt, serial, code, true, faultId));
      if (clearAt > raiseAt && clearAt < to) {
        transitions.add(new AlarmTransition(clearAt, serial, code, false, faultId));
      }
    }
  }

  public void effect(String serial, Effect effect) {
    effects.computeIfAbsent(serial, s -> new ArrayList<>()).add(effect);
  }

  /** The instant {@code t} moved to {@code hour} o'clock on the Beijing wall clock of its day. */
  public static long atClockHour(long t, double hour) {
    long beijing = 8 * HOUR;
    long dayStart = Math.floorDiv(t + beijing, DAY) * DAY - beijing;
    return dayStart + (long) (hour * HOUR);
  }

  public static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  /** A uniformly random instant in [a, b). */
  public static long between(SplittableRandom rng, long a, long b) {
    return b <= a ? a : a + (long) (rng.nextDouble() * (b - a));
  }

  /** Picks up to n devices without replacement, reproducibly, keeping fleet order. */
  public static List<SimDevice> pick(List<SimDevice> from, int n, SplittableRandom rng) {
    List<SimDevice> pool = new ArrayList<>(from);
    List<SimDevice> chosen = new ArrayList<>();
    while (chosen.size() < n && !pool.isEmpty()) {
      chosen.add(pool.remove(rng.nextInt(pool.size())));
    }
    chosen.sort(Comparator.comparingInt(SimDevice::index));
    return chosen;
  }

  FaultPlan build(String scenario) {
    List<AlarmTransition> ordered = new ArrayList<>(transitions);
    ordered.sort(
        Comparator.comparingLong(AlarmTransition::atMillis)
            .thenComparing(AlarmTransition::serial)
            .thenComparing(t -> t.raise() ? 1 : 0)
            .thenComparing(AlarmTransition::code));
    Map<String, List<Effect>> frozen = new HashMap<>();
    effects.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    List<GroundTruthFault> recorded = faults.stream().filter(f -> f != null).toList();
    return new FaultPlan(scenario, from, to, recorded, ordered, frozen);
  }
}
