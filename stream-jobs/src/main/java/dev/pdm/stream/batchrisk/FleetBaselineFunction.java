package dev.pdm.stream.batchrisk;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.stream.enrich.RegistryCache;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The fleet's distinct affected devices per (device class, failure family) in each sliding window,
 * with the class's population from the registry; broadcast to every batch detector as the baseline.
 * Few keys (classes times families), so little state even for a large fleet.
 */
public final class FleetBaselineFunction
    extends KeyedProcessFunction<String, FailureObservation, FleetRate> {

  private final BatchRiskConfig config;
  private final String registryFile;
  private final Duration registryRefresh;
  private transient RegistryCache registry;
  private transient ValueState<FleetState> state;

  public FleetBaselineFunction(BatchRiskConfig config, String registryFile, Duration refresh) {
    this.config = config;
    this.registryFile = registryFile;
    this.registryRefresh = refresh;
  }

  /** State of one (class, family). */
  public static final class FleetState {
    public AffectedDevices affected = new AffectedDevices();
    public DeviceClass deviceClass;
    public String family;
    public long lastEvaluated = Long.MIN_VALUE;

    public FleetState() {}
  }

  @Override
  public void open(OpenContext context) {
    registry = new RegistryCache(Path.of(registryFile), registryRefresh);
    state =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("fleet", TypeInformation.of(FleetState.class)));
  }

  @Override
  public void processElement(FailureObservation o, Context ctx, Collector<FleetRate> out)
      throws Exception {
    long window = config.window().toMillis();
    long slide = config.slide().toMillis();
    long watermark = ctx.timerService().currentWatermark();
    if (!SlidingSchedule.stillCounts(o.at(), watermark, window, slide)) {
      return;
    }
    FleetState s = state.value();
    if (s == null) {
      s = new FleetState();
      s.deviceClass = o.deviceClass();
      s.family = o.family();
    }
    s.affected.add(o.serial(), o.firmware(), o.at(), slide);
    state.update(s);
    long from = watermark == Long.MIN_VALUE ? o.at() : Math.max(o.at(), watermark);
    ctx.timerService().registerEventTimeTimer(SlidingSchedule.nextEnd(from, slide));
  }

  @Override
  public void onTimer(long end, OnTimerContext ctx, Collector<FleetRate> out) throws Exception {
    FleetState s = state.value();
    if (s == null || end <= s.lastEvaluated) {
      return;
    }
    long window = config.window().toMillis();
    long slide = config.slide().toMillis();
    s.lastEvaluated = end;
    int affected = s.affected.affectedIn(end, window, slide).size();
    int population = registry.current().classPopulation(s.deviceClass);
    if (population > 0) {
      out.collect(
          new FleetRate(s.deviceClass, s.family, end, affected, Math.max(population, affected)));
    }
    if (s.affected.pruneBefore(end + slide - window, slide)) {
      state.update(s);
      ctx.timerService().registerEventTimeTimer(end + slide);
    } else {
      state.clear();
    }
  }
}
