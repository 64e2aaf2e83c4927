package dev.pdm.ticket.ingest;

import dev.pdm.model.topic.Topics;
import java.util.List;

/**
 * The filters the ingestor subscribes to on every connection, and the ones of the other mode that
 * it removes from its session, so that switching a replica between shared and plain does not leave
 * both in the session (which would deliver every message twice).
 *
 * @param subscribe filters subscribed at QoS 1 on every connection
 * @param unsubscribe filters of the other mode, removed once per connection
 */
record IngestSubscriptions(List<String> subscribe, List<String> unsubscribe) {

  /** What the ticket API reads: incidents and batch-risk signals. */
  static final List<String> TOPICS = List.of(Topics.INCIDENTS, Topics.BATCH_RISK);

  IngestSubscriptions {
    subscribe = List.copyOf(subscribe);
    unsubscribe = List.copyOf(unsubscribe);
  }

  static IngestSubscriptions of(IngestConfig.Subscription mode, String sharedGroup) {
    List<String> shared = TOPICS.stream().map(t -> Topics.shared(sharedGroup, t)).toList();
    return mode == IngestConfig.Subscription.PLAIN
        ? new IngestSubscriptions(TOPICS, shared)
        : new IngestSubscriptions(shared, TOPICS);
  }
}
