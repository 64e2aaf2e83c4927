package dev.pdm.stream.sink;

import com.influxdb.client.write.Point;
import dev.pdm.model.event.TelemetryReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers up to one batch and writes it synchronously on the task thread: when the store is slow
 * the task slows down (backpressure) instead of queueing without bound. Transient failures are
 * retried with exponential backoff; what still fails, or is refused outright (a 4xx), fails the
 * task so that Flink replays from the last checkpoint instead of losing the batch.
 */
final class TimeSeriesWriter implements SinkWriter<TelemetryReading> {

  private static final Logger LOG = LoggerFactory.getLogger(TimeSeriesWriter.class);
  private static final long MAX_BACKOFF_MS = 10_000;

  private final TimeSeriesSettings settings;
  private final PointWriter writer;
  private final List<Point> buffer;
  private final Counter written;
  private final Counter retries;

  TimeSeriesWriter(TimeSeriesSettings settings, PointWriter writer, MetricGroup metrics) {
    this.settings = settings;
    this.writer = writer;
    this.buffer = new ArrayList<>(settings.batchSize());
    MetricGroup group = metrics.addGroup("timeseries");
    this.written = group.counter("pointsWritten");
    this.retries = group.counter("retries");
  }

  @Override
  public void write(TelemetryReading reading, Context context)
      throws IOException, InterruptedException {
    buffer.add(TelemetryPoints.toPoint(reading));
    if (buffer.size() >= settings.batchSize()) {
      writeBuffer();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    writeBuffer();
  }

  private void writeBuffer() throws IOException, InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    long backoff = settings.initialBackoffMs();
    for (int attempt = 0; ; attempt++) {
      try {
        writer.write(List.copyOf(buffer));
        written.inc(buffer.size());
        buffer.clear();
        return;
      } catch (RuntimeException e) {
        if (!writer.isRetryable(e) || attempt >= settings.maxRetries()) {
          throw new IOException(
              "writing " + buffer.size() + " points failed after " + (attempt + 1) + " attempts",
              e);
        }
        retries.inc();
        LOG.warn(
            "time-series write failed (attempt {}), retrying in {} ms", attempt + 1, backoff, e);
        Thread.sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(1, backoff * 2));
      }
    }
  }

  @Override
  public void close() {
    writer.close();
  }
}
