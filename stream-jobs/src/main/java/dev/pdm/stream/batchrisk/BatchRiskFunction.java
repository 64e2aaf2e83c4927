package dev.pdm.stream.batchrisk;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.stream.enrich.RegistryCache;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One (batch, failure family): distinct affected devices per sliding event-time window against the
 * batch's population, tested with an {@link Sprt} whose baseline p0 is the configured prior blended
 * with the rest of the fleet's observed rate. A window is decided only when the watermark passed
 * its end, so a late flush adds its devices to the windows they belong to instead of piling into
 * "now". A signal is re-published only on material change: affected devices grown by the configured
 * fraction, or the confidence gaining a nine. The episode ends, published once as a last version
 * with status ENDED, when the test falls to its lower bound or no failure of the batch is left in
 * the window; a later crossing starts a new episode with a new signal id.
 */
public final class BatchRiskFunction
    extends KeyedBroadcastProcessFunction<String, FailureObservation, FleetRate, BatchRiskSignal> {

  /** The fleet baselines, broadcast by {@link FleetBaselineFunction}: fleet key to latest rate. */
  public static final MapStateDescriptor<String, FleetRate> FLEET_RATES =
      new MapStateDescriptor<>("fleet-rates", Types.STRING, TypeInformation.of(FleetRate.class));

  private static final int MAX_LISTED_SERIALS = 500;
  private static final int MAX_NINES = 9;

  private final BatchRiskConfig config;
  private final String registryFile;
  private final Duration registryRefresh;
  private transient RegistryCache registry;
  private transient ValueState<BatchState> state;
  private transient Counter tooLate;
  private transient Counter unknownPopulation;

  public BatchRiskFunction(BatchRiskConfig config, String registryFile, Duration refresh) {
    this.config = config;
    this.registryFile = registryFile;
    this.registryRefresh = refresh;
  }

  /** State of one (batch, family). */
  public static final class BatchState {
    public AffectedDevices affected = new AffectedDevices();
    public String batch;
    public String family;
    public String model;
    public DeviceClass deviceClass;
    public long lastEvaluated = Long.MIN_VALUE;
    public boolean active;
    public long firstDetected;
    public long version;
    public int lastAffected;
    public int lastNines;

    public BatchState() {}
  }

  @Override
  public void open(OpenContext context) {
    registry = new RegistryCache(Path.of(registryFile), registryRefresh);
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("batch", TypeInformation.of(BatchState.class)));
    tooLate = getRuntimeContext().getMetricGroup().counter("batchObservationsTooLate");
    unknownPopulation = getRuntimeContext().getMetricGroup().counter("batchesWithoutPopulation");
  }

  @Override
  public void processElement(
      FailureObservation o, ReadOnlyContext ctx, Collector<BatchRiskSignal> out) throws Exception {
    long window = config.window().toMillis();
    long slide = config.slide().toMillis();
    long watermark = ctx.timerService().currentWatermark();
    if (!SlidingSchedule.stillCounts(o.at(), watermark, window, slide)) {
      tooLate.inc();
      return;
    }
    BatchState s = state.value();
    if (s == null) {
      s = new BatchState();
      s.batch = o.batch();
      s.family = o.family();
      s.deviceClass = o.deviceClass();
    }
    s.model = o.model();
    s.affected.add(o.serial(), o.firmware(), o.at(), slide);
    state.update(s);
    long from = watermark == Long.MIN_VALUE ? o.at() : Math.max(o.at(), watermark);
    ctx.timerService().registerEventTimeTimer(SlidingSchedule.nextEnd(from, slide));
  }

  @Override
  public void processBroadcastElement(FleetRate rate, Context ctx, Collector<BatchRiskSignal> out)
      throws Exception {
    var rates = ctx.getBroadcastState(FLEET_RATES);
    FleetRate known = rates.get(rate.fleetKey());
    if (known == null || known.windowEnd() <= rate.windowEnd()) {
      rates.put(rate.fleetKey(), rate);
    }
  }

  @Override
  public void onTimer(long end, OnTimerContext ctx, Collector<BatchRiskSignal> out)
      throws Exception {
    BatchState s = state.value();
    if (s == null || end <= s.lastEvaluated) {
      return;
    }
    s.lastEvaluated = end;
    long window = config.window().toMillis();
    long slide = config.slide().toMillis();
    List<String> affected = s.affected.affectedIn(end, window, slide);
    int population = registry.current().batchPopulation(s.batch);
    if (population == 0) {
      unknownPopulation.inc();
      s.active = false;
    } else {
      evaluate(s, end, affected, Math.max(population, affected.size()), ctx, out);
    }
    if (s.affected.pruneBefore(end + slide - window, slide) || s.active) {
      // An open episode keeps its state until a window decides it is over, also one left empty.
      state.update(s);
      ctx.timerService().registerEventTimeTimer(end + slide);
    } else {
      state.clear();
    }
  }

  private void evaluate(
      BatchState s,
      long end,
      List<String> affected,
      int population,
      OnTimerContext ctx,
      Collector<BatchRiskSignal> out)
      throws Exception {
    int x = affected.size();
    double p0 = baseline(s, x, population, ctx.getBroadcastState(FLEET_RATES));
    Sprt sprt = Sprt.of(p0, config.riskMultiplier(), config.alpha(), config.beta());
    double llr = sprt.generalizedLogLikelihoodRatio(x, population);
    double confidence = sprt.confidence(x, population);
    int nines = nines(confidence);
    boolean emit;
    BatchRiskStatus status = BatchRiskStatus.ACTIVE;
    if (!s.active) {
      emit = llr >= sprt.upper();
      if (emit) {
        s.active = true;
        s.firstDetected = end;
        s.version = 0;
      }
    } else if (x == 0 || llr <= sprt.lower()) {
      // The episode ends with one last version of the same signal, so the consumer can close it.
      // A window without any failure of the batch ends it too, whatever the test says about an
      // empty window (a batch of ten devices never reaches the lower bound).
      s.active = false;
      emit = true;
      status = BatchRiskStatus.ENDED;
    } else {
      boolean grew = x > s.lastAffected && x >= s.lastAffected * (1 + config.materialGrowth());
      emit = grew || nines > s.lastNines;
    }
    if (!emit) {
      return;
    }
    s.version++;
    s.lastAffected = x;
    s.lastNines = nines;
    double batchRate = (double) x / population;
    TreeSet<String> firmwares = new TreeSet<>();
    for (String serial : affected) {
      String fw = s.affected.firmware.get(serial);
      if (fw != null) {
        firmwares.add(fw);
      }
    }
    out.collect(
        new BatchRiskSignal(
            Schema.VERSION,
            null,
            s.version,
            s.batch,
            s.deviceClass,
            s.model,
            List.copyOf(firmwares),
            s.family,
            x,
            population,
            affected.subList(0, Math.min(affected.size(), MAX_LISTED_SERIALS)),
            batchRate,
            p0,
            batchRate / p0,
            confidence,
            llr,
            sprt.upper(),
            sprt.describe(),
            Instant.ofEpochMilli(end - config.window().toMillis()),
            Instant.ofEpochMilli(end),
            Instant.ofEpochMilli(s.firstDetected),
            Instant.ofEpochMilli(end),
            status));
  }

  /**
   * The prior (priorRate over priorDevices pseudo-devices) updated with the rest of the fleet's
   * latest window: this batch's own devices are taken out so a bad batch cannot raise its own bar.
   */
  private double baseline(
      BatchState s, int affected, int population, ReadOnlyBroadcastState<String, FleetRate> rates)
      throws Exception {
    double pseudoAffected = config.priorRate() * config.priorDevices();
    double pseudoPopulation = config.priorDevices();
    FleetRate fleet = rates.get(s.deviceClass + "|" + s.family);
    if (fleet != null) {
      pseudoAffected += Math.max(0, fleet.affected() - affected);
      pseudoPopulation += Math.max(0, fleet.population() - population);
    }
    double p0 = pseudoAffected / pseudoPopulation;
    return Math.min(0.3, Math.max(1e-6, p0));
  }

  static int nines(double confidence) {
    if (confidence >= 1) {
      return MAX_NINES;
    }
    return (int) Math.min(MAX_NINES, Math.floor(-Math.log10(1 - confidence)));
  }
}
