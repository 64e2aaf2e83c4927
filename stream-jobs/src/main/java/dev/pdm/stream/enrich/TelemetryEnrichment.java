package dev.pdm.stream.enrich;

import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.event.TelemetryReading;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * The one place telemetry readings get their batch: from the device registry, by serial. A batch
 * the gateway already set is kept; an unknown serial keeps batch null, is counted and flows on.
 */
public final class TelemetryEnrichment extends RichMapFunction<TelemetryReading, TelemetryReading> {

  private final String registryFile;
  private final Duration refresh;
  private transient RegistryCache registry;
  private transient Counter unknownSerials;

  public TelemetryEnrichment(String registryFile, Duration refresh) {
    this.registryFile = registryFile;
    this.refresh = refresh;
  }

  @Override
  public void open(OpenContext context) {
    registry = new RegistryCache(Path.of(registryFile), refresh);
    registry.current();
    unknownSerials = getRuntimeContext().getMetricGroup().counter("telemetryOfUnknownSerials");
  }

  @Override
  public TelemetryReading map(TelemetryReading event) {
    if (event.batch() != null) {
      return event;
    }
    DeviceFacts facts = registry.current().find(event.serial());
    if (facts == null) {
      unknownSerials.inc();
      return event;
    }
    return event.withBatch(facts.batch());
  }
}
