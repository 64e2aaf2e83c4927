package dev.pdm.stream.mqtt;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands subscription slot {@code i} to reader subtask {@code i}, once. The number of slots equals
 * the source parallelism, so every reader holds one broker connection; a slot returned by a failed
 * reader goes back to the same subtask when it registers again, so it resumes the same session.
 */
final class MqttSplitEnumerator implements SplitEnumerator<MqttSplit, Set<Integer>> {

  private final SplitEnumeratorContext<MqttSplit> context;
  private final Set<Integer> assigned;

  MqttSplitEnumerator(SplitEnumeratorContext<MqttSplit> context, Set<Integer> assigned) {
    this.context = context;
    this.assigned = new TreeSet<>(assigned);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {}

  @Override
  public void addSplitsBack(List<MqttSplit> splits, int subtaskId) {
    for (MqttSplit split : splits) {
      assigned.remove(split.slot());
    }
    if (context.registeredReaders().containsKey(subtaskId)) {
      addReader(subtaskId);
    }
  }

  @Override
  public void addReader(int subtaskId) {
    if (subtaskId < context.currentParallelism() && assigned.add(subtaskId)) {
      context.assignSplit(new MqttSplit(subtaskId), subtaskId);
    }
  }

  @Override
  public Set<Integer> snapshotState(long checkpointId) {
    return new TreeSet<>(assigned);
  }

  @Override
  public void close() {}
}
