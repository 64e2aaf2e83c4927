package dev.pdm.stream.mqtt;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Unbounded MQTT 5 source whose readers acknowledge a QoS 1 message only after the checkpoint
 * covering it has completed. Parallel readers join one shared subscription group per topic filter,
 * so the broker splits the messages between them; a single reader subscribes plainly, so that it
 * does not depend on the broker persisting shared subscriptions (see {@link SubscriptionPlan}).
 * Each reader keeps a persistent session under a stable client id, so after a crash of the job or
 * the broker the unacknowledged messages are redelivered instead of lost. Delivery is at least
 * once; downstream writes are idempotent on the event id.
 */
public final class MqttSource implements Source<MqttRecord, MqttSplit, Set<Integer>> {

  private static final long serialVersionUID = 1L;

  private final MqttSettings settings;
  private final String sharedGroup;
  private final List<String> filters;

  /**
   * @param sharedGroup the MQTT 5 shared-subscription group the readers join when there are several
   * @param filters topic filters, subscribed as {@code $share/<group>/<filter>} by parallel readers
   *     and as they are by a single one
   */
  public MqttSource(MqttSettings settings, String sharedGroup, List<String> filters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sharedGroup = Objects.requireNonNull(sharedGroup, "sharedGroup");
    this.filters = List.copyOf(filters);
    if (this.filters.isEmpty()) {
      throw new IllegalArgumentException("at least one topic filter is needed");
    }
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SplitEnumerator<MqttSplit, Set<Integer>> createEnumerator(
      SplitEnumeratorContext<MqttSplit> context) {
    return new MqttSplitEnumerator(context, Set.of());
  }

  @Override
  public SplitEnumerator<MqttSplit, Set<Integer>> restoreEnumerator(
      SplitEnumeratorContext<MqttSplit> context, Set<Integer> checkpoint) {
    return new MqttSplitEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<MqttSplit> getSplitSerializer() {
    return MqttSplitSerializer.SPLIT;
  }

  @Override
  public SimpleVersionedSerializer<Set<Integer>> getEnumeratorCheckpointSerializer() {
    return MqttSplitSerializer.ASSIGNED_SLOTS;
  }

  @Override
  public SourceReader<MqttRecord, MqttSplit> createReader(SourceReaderContext context) {
    return new MqttSourceReader(
        context,
        slot ->
            new PahoSubscription(
                settings,
                slot,
                SubscriptionPlan.of(sharedGroup, filters, context.currentParallelism(), slot)),
        2 * settings.receiveMaximum());
  }
}
