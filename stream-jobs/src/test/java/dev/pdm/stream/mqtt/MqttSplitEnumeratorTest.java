package dev.pdm.stream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class MqttSplitEnumeratorTest {

  private final FakeContext context = new FakeContext(2);

  @Test
  void eachReaderGetsTheSlotOfItsOwnSubtaskIndexOnce() {
    MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, Set.of());
    context.register(1);
    enumerator.addReader(1);
    context.register(0);
    enumerator.addReader(0);
    enumerator.addReader(1);

    assertThat(context.assigned)
        .containsExactly(Map.entry(1, new MqttSplit(1)), Map.entry(0, new MqttSplit(0)));
    assertThat(enumerator.snapshotState(1)).containsExactly(0, 1);
  }

  @Test
  void aSlotReturnedByAFailedReaderGoesBackToTheSameSubtask() {
    MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, Set.of());
    context.register(0);
    enumerator.addReader(0);

    enumerator.addSplitsBack(List.of(new MqttSplit(0)), 0);

    assertThat(context.assigned)
        .containsExactly(Map.entry(0, new MqttSplit(0)), Map.entry(0, new MqttSplit(0)));
  }

  @Test
  void aRestoredEnumeratorDoesNotAssignSlotsTheReadersRestoreThemselves() {
    MqttSplitEnumerator enumerator = new MqttSplitEnumerator(context, Set.of(0, 1));
    context.register(0);
    enumerator.addReader(0);
    assertThat(context.assigned).isEmpty();
  }

  @Test
  void serializersRoundTrip() throws Exception {
    var split = MqttSplitSerializer.SPLIT;
    assertThat(split.deserialize(split.getVersion(), split.serialize(new MqttSplit(7))))
        .isEqualTo(new MqttSplit(7));
    var slots = MqttSplitSerializer.ASSIGNED_SLOTS;
    assertThat(slots.deserialize(slots.getVersion(), slots.serialize(Set.of(0, 3))))
        .containsExactlyInAnyOrder(0, 3);
  }

  private static final class FakeContext implements SplitEnumeratorContext<MqttSplit> {
    final int parallelism;
    final Map<Integer, ReaderInfo> readers = new HashMap<>();
    final List<Map.Entry<Integer, MqttSplit>> assigned = new ArrayList<>();

    FakeContext(int parallelism) {
      this.parallelism = parallelism;
    }

    void register(int subtask) {
      readers.put(subtask, new ReaderInfo(subtask, "localhost"));
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
      return parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
      return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<MqttSplit> assignment) {
      assignment
          .assignment()
          .forEach((subtask, splits) -> splits.forEach(s -> assigned.add(Map.entry(subtask, s))));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {}

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {}

    @Override
    public <T> void callAsync(
        Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {}

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
      runnable.run();
    }
  }
}
