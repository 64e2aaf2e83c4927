package dev.pdm.stream.predictive;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.event.TelemetryReading;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Telemetry keyed by site: remembers the newest ambient temperature any device of the site reports
 * (the inverters do) and hands it to the site's chargers, which report none, as {@link
 * #SITE_AMBIENT_TEMP_C}. Without it the connector detector had to assume a fixed ambient and read
 * every warm spell as connector heating. Every reading passes through, in its order.
 */
public final class SiteAmbientFunction
    extends KeyedProcessFunction<String, TelemetryReading, TelemetryReading> {

  /** The site's ambient, added to a charger reading for the predictive detectors only. */
  public static final String SITE_AMBIENT_TEMP_C = "site_ambient_temp_c";

  /** A site ambient further than this from a charger reading's time says too little about it. */
  static final long MAX_DISTANCE_MILLIS = 3_600_000L;

  /** The newest ambient reported at a site. Mutable on purpose: it lives in keyed state. */
  public static final class SiteAmbient {
    public double celsius;
    public long at = Long.MIN_VALUE;

    public SiteAmbient() {}
  }

  private final java.time.Duration stateTtl;
  private transient ValueState<SiteAmbient> ambient;

  /**
   * {@code stateTtl}: a site that reports no ambient for this long (processing time) forgets it.
   */
  public SiteAmbientFunction(java.time.Duration stateTtl) {
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext context) {
    var descriptor =
        new ValueStateDescriptor<>("site-ambient", TypeInformation.of(SiteAmbient.class));
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
    ambient = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(TelemetryReading r, Context ctx, Collector<TelemetryReading> out)
      throws Exception {
    long t = r.deviceTime().toEpochMilli();
    double reported = r.metric(Metrics.AMBIENT_TEMP_C);
    if (Double.isFinite(reported)) {
      SiteAmbient newest = ambient.value();
      if (newest == null || t >= newest.at) {
        newest = newest == null ? new SiteAmbient() : newest;
        newest.celsius = reported;
        newest.at = t;
        ambient.update(newest);
      }
      out.collect(r);
      return;
    }
    SiteAmbient site = r.deviceClass() == DeviceClass.CHARGER ? ambient.value() : null;
    if (site == null || Math.abs(t - site.at) > MAX_DISTANCE_MILLIS) {
      out.collect(r);
      return;
    }
    Map<String, Double> metrics = new HashMap<>(r.metrics());
    metrics.put(SITE_AMBIENT_TEMP_C, site.celsius);
    out.collect(
        new TelemetryReading(
            r.schemaVersion(),
            r.eventId(),
            r.serial(),
            r.deviceClass(),
            r.model(),
            r.firmware(),
            r.deviceTime(),
            r.seq(),
            r.site(),
            r.batch(),
            metrics));
  }
}
