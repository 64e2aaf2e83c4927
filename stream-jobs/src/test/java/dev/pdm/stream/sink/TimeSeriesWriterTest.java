package dev.pdm.stream.sink;

import static dev.pdm.stream.job.Events.heatsink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.write.Point;
import dev.pdm.model.event.TelemetryReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class TimeSeriesWriterTest {

  private final FakeStore store = new FakeStore();

  private TimeSeriesWriter writer(int batchSize, int maxRetries) {
    return new TimeSeriesWriter(
        new TimeSeriesSettings("http://store", "", "org", "bucket", batchSize, maxRetries, 0),
        store,
        UnregisteredMetricsGroup.createSinkWriterMetricGroup());
  }

  @Test
  void writesAFullBatchAtOnceAndTheRestOnFlush() throws Exception {
    TimeSeriesWriter writer = writer(2, 0);
    writer.write(heatsink("INV-1", 1, 40), null);
    assertThat(store.batches).isEmpty();
    writer.write(heatsink("INV-1", 2, 41), null);
    assertThat(store.batches).hasSize(1);
    writer.write(heatsink("INV-1", 3, 42), null);

    writer.flush(false);

    assertThat(store.batches).extracting(List::size).containsExactly(2, 1);
  }

  @Test
  void aFlushWithNothingBufferedWritesNothing() throws Exception {
    writer(10, 0).flush(false);
    assertThat(store.batches).isEmpty();
  }

  @Test
  void transientFailuresAreRetriedWithTheSameBatch() throws Exception {
    store.failuresLeft = 2;
    TimeSeriesWriter writer = writer(10, 3);
    writer.write(heatsink("INV-1", 1, 40), null);

    writer.flush(false);

    assertThat(store.attempts).isEqualTo(3);
    assertThat(store.batches).singleElement().extracting(List::size).isEqualTo(1);
  }

  @Test
  void failingBeyondTheRetriesFailsTheFlushSoTheCheckpointDoesNotCoverTheBatch() throws Exception {
    store.failuresLeft = 10;
    TimeSeriesWriter writer = writer(10, 2);
    writer.write(heatsink("INV-1", 1, 40), null);

    assertThatThrownBy(() -> writer.flush(false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("3 attempts");
    assertThat(store.batches).isEmpty();
  }

  @Test
  void aRefusedBatchIsNotRetried() throws Exception {
    store.failuresLeft = 1;
    store.retryable = false;
    TimeSeriesWriter writer = writer(10, 5);
    writer.write(heatsink("INV-1", 1, 40), null);

    assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(IOException.class);
    assertThat(store.attempts).isEqualTo(1);
  }

  @Test
  void aPointCarriesTagsFieldsAndDeviceTime() {
    TelemetryReading reading = heatsink("INV-1", 1, 40.5).withBatch("B2024-07");

    String line = TelemetryPoints.toPoint(reading).toLineProtocol();

    assertThat(line)
        .startsWith("device_metrics,")
        .contains("batch=B2024-07", "class=INVERTER", "model=SG110CX", "serial=INV-1")
        .contains("site=site-001", "heatsink_temp_c=40.5", "ac_power_w=51000.0")
        .endsWith(" " + reading.deviceTime().toEpochMilli());
  }

  @Test
  void aReadingWithoutBatchHasNoBatchTag() {
    String line = TelemetryPoints.toPoint(heatsink("INV-1", 1, 40.5)).toLineProtocol();
    assertThat(line).doesNotContain("batch=");
  }

  private static final class FakeStore implements PointWriter {
    final List<List<Point>> batches = new ArrayList<>();
    int failuresLeft;
    boolean retryable = true;
    int attempts;

    @Override
    public void write(List<Point> points) {
      attempts++;
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new IllegalStateException("store unavailable");
      }
      batches.add(points);
    }

    @Override
    public boolean isRetryable(RuntimeException failure) {
      return retryable;
    }

    @Override
    public void close() {}
  }
}
