package dev.pdm.stream.sink;

import dev.pdm.model.event.TelemetryReading;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes enriched telemetry to the time-series store in batches; at least once, as the writer
 * flushes its batch before every checkpoint. A rewritten point has the same series and timestamp,
 * so InfluxDB overwrites it; on QuestDB, deduplicate with {@code DEDUP UPSERT KEYS(timestamp,
 * serial)} where duplicates matter.
 */
public final class TimeSeriesSink implements Sink<TelemetryReading> {

  private static final long serialVersionUID = 1L;

  private final TimeSeriesSettings settings;

  public TimeSeriesSink(TimeSeriesSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public SinkWriter<TelemetryReading> createWriter(WriterInitContext context) {
    return new TimeSeriesWriter(settings, new InfluxPointWriter(settings), context.metricGroup());
  }
}
