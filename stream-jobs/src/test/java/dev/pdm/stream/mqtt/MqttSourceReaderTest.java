package dev.pdm.stream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

class MqttSourceReaderTest {

  private final Map<Integer, FakeConnection> opened = new TreeMap<>();
  private final CollectingOutput output = new CollectingOutput();

  private MqttSourceReader reader(int queueCapacity) {
    return new MqttSourceReader(
        new Context(),
        slot -> {
          FakeConnection c = new FakeConnection(slot);
          opened.put(slot, c);
          return c;
        },
        queueCapacity);
  }

  @Test
  void emitsWithoutAcknowledgingUntilTheCoveringCheckpointCompletes() throws Exception {
    MqttSourceReader reader = reader(100);
    reader.addSplits(List.of(new MqttSplit(1)));
    FakeConnection slot = opened.get(1);
    slot.deliver(11, "a");
    slot.deliver(12, "b");

    drain(reader);
    assertThat(output.topics).containsExactly("a", "b");
    assertThat(slot.acked).isEmpty();

    assertThat(reader.snapshotState(1)).containsExactly(new MqttSplit(1));
    slot.deliver(13, "c");
    drain(reader);
    assertThat(slot.acked).isEmpty();

    reader.notifyCheckpointComplete(1);
    assertThat(slot.acked).containsExactly(11, 12);

    reader.snapshotState(2);
    reader.notifyCheckpointComplete(2);
    assertThat(slot.acked).containsExactly(11, 12, 13);
  }

  @Test
  void aMessageStillQueuedAtTheSnapshotIsNotCoveredByIt() throws Exception {
    MqttSourceReader reader = reader(100);
    reader.addSplits(List.of(new MqttSplit(0)));
    FakeConnection slot = opened.get(0);
    slot.deliver(1, "emitted");
    drain(reader);
    slot.deliver(2, "still-queued");

    reader.snapshotState(1);
    reader.notifyCheckpointComplete(1);

    assertThat(slot.acked).containsExactly(1);
  }

  @Test
  void idsFromABrokenConnectionAreNotAcknowledgedOnTheNewOne() throws Exception {
    MqttSourceReader reader = reader(100);
    reader.addSplits(List.of(new MqttSplit(0)));
    FakeConnection slot = opened.get(0);
    slot.deliver(1, "before");
    drain(reader);
    slot.epoch = 1; // reconnected; the broker redelivers id 1 on the new connection
    slot.deliver(1, "before");
    slot.deliver(2, "after");
    drain(reader);

    reader.snapshotState(1);
    reader.notifyCheckpointComplete(1);

    assertThat(output.topics).containsExactly("before", "before", "after");
    assertThat(slot.acked).containsExactly(1, 2);
    assertThat(reader.ledger(0).pending()).isZero();
  }

  @Test
  void qosZeroMessagesNeedNoAcknowledgement() throws Exception {
    MqttSourceReader reader = reader(100);
    reader.addSplits(List.of(new MqttSplit(0)));
    FakeConnection slot = opened.get(0);
    slot.sink.accept(new SlotConnection.Delivery(0, 0, 0, 0, "q0", new byte[] {1}));
    drain(reader);
    reader.snapshotState(1);
    reader.notifyCheckpointComplete(1);

    assertThat(output.topics).containsExactly("q0");
    assertThat(slot.acked).isEmpty();
  }

  @Test
  void aRestoredReaderReopensItsSlotAndAcknowledgesNothingFromBeforeTheRestore() throws Exception {
    MqttSourceReader first = reader(100);
    first.addSplits(List.of(new MqttSplit(3)));
    opened.get(3).deliver(9, "x");
    drain(first);
    List<MqttSplit> state = first.snapshotState(1);
    first.close();
    assertThat(opened.get(3).closed).isTrue();
    assertThat(opened.get(3).acked).isEmpty();

    MqttSourceReader restored = reader(100);
    restored.addSplits(state);
    restored.notifyCheckpointComplete(1);

    assertThat(opened).containsOnlyKeys(3);
    assertThat(opened.get(3).closed).isFalse();
    assertThat(opened.get(3).acked).isEmpty();
  }

  @Test
  void theSameSplitAssignedTwiceOpensOneConnection() {
    MqttSourceReader reader = reader(100);
    reader.addSplits(List.of(new MqttSplit(0)));
    FakeConnection first = opened.get(0);
    reader.addSplits(List.of(new MqttSplit(0)));
    assertThat(opened.get(0)).isSameAs(first);
  }

  @Test
  void aFullBufferBlocksTheDeliveringThreadInsteadOfDropping() throws Exception {
    MqttSourceReader reader = reader(2);
    reader.addSplits(List.of(new MqttSplit(0)));
    FakeConnection slot = opened.get(0);
    slot.deliver(1, "m1");
    slot.deliver(2, "m2");
    CompletableFuture<Void> third = CompletableFuture.runAsync(() -> slot.deliver(3, "m3"));

    assertThat(third).isNotDone();
    reader.pollNext(output);
    third.get(10, TimeUnit.SECONDS);
    drain(reader);

    assertThat(output.topics).containsExactly("m1", "m2", "m3");
  }

  @Test
  void becomesAvailableWhenAMessageArrives() throws Exception {
    MqttSourceReader reader = reader(10);
    reader.addSplits(List.of(new MqttSplit(0)));
    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    CompletableFuture<Void> available = reader.isAvailable();
    assertThat(available).isNotDone();

    opened.get(0).deliver(1, "m");

    assertThat(available).isDone();
    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
  }

  private void drain(MqttSourceReader reader) throws Exception {
    while (reader.pollNext(output) != InputStatus.NOTHING_AVAILABLE) {
      // keep polling
    }
  }

  private static final class FakeConnection implements SlotConnection {
    final int slot;
    long epoch;
    Consumer<Delivery> sink;
    final List<Integer> acked = new ArrayList<>();
    boolean closed;

    FakeConnection(int slot) {
      this.slot = slot;
    }

    void deliver(int id, String topic) {
      sink.accept(new Delivery(slot, epoch, id, 1, topic, topic.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void open(Consumer<Delivery> deliveries) {
      this.sink = deliveries;
    }

    @Override
    public long epoch() {
      return epoch;
    }

    @Override
    public void ack(int messageId) {
      acked.add(messageId);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final class CollectingOutput implements ReaderOutput<MqttRecord> {
    final List<String> topics = new ArrayList<>();

    @Override
    public void collect(MqttRecord record) {
      topics.add(record.topic());
    }

    @Override
    public void collect(MqttRecord record, long timestamp) {
      collect(record);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<MqttRecord> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }

  private static final class Context implements SourceReaderContext {
    @Override
    public SourceReaderMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
    }

    @Override
    public Configuration getConfiguration() {
      return new Configuration();
    }

    @Override
    public String getLocalHostName() {
      return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
      return 0;
    }

    @Override
    public void sendSplitRequest() {}

    @Override
    public void sendSourceEventToCoordinator(
        org.apache.flink.api.connector.source.SourceEvent sourceEvent) {}

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
  }
}
