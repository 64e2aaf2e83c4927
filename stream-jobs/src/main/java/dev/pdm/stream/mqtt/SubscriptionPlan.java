package dev.pdm.stream.mqtt;

import dev.pdm.model.topic.Topics;
import java.io.Serializable;
import java.util.List;

/**
 * What one reader slot subscribes to, and what it removes from its session, given how many readers
 * the source runs with.
 *
 * <ul>
 *   <li>One reader subscribes plainly. A broker need not keep shared subscriptions of a persistent
 *       session across its own restart (Mosquitto 2.0 does not), and a group without members drops
 *       what is published to it; a plain subscription is restored with the session, so messages
 *       published while the reader is still away are queued for it.
 *   <li>Several readers join the shared group, so the broker splits the messages between them.
 *   <li>A slot beyond the current number of readers (the job was scaled down and the slot came back
 *       from a checkpoint) subscribes to nothing: its session is resumed only so that what it had
 *       received but not acknowledged is redelivered and processed.
 * </ul>
 *
 * The other form is always unsubscribed: a session that was shared before and plain now (or the
 * reverse) would otherwise receive every message twice.
 *
 * @param subscribe filters the slot subscribes to, at QoS 1
 * @param unsubscribe filters the slot removes from its session
 */
record SubscriptionPlan(List<String> subscribe, List<String> unsubscribe) implements Serializable {

  SubscriptionPlan {
    subscribe = List.copyOf(subscribe);
    unsubscribe = List.copyOf(unsubscribe);
  }

  static SubscriptionPlan of(String sharedGroup, List<String> filters, int readers, int slot) {
    List<String> plain = List.copyOf(filters);
    List<String> shared = filters.stream().map(f -> Topics.shared(sharedGroup, f)).toList();
    if (slot >= readers) {
      return new SubscriptionPlan(List.of(), concat(plain, shared));
    }
    return readers == 1 ? new SubscriptionPlan(plain, shared) : new SubscriptionPlan(shared, plain);
  }

  /** True when the slot reads plainly, i.e. receives every message of its filters. */
  boolean plain() {
    return !subscribe.isEmpty() && !subscribe.get(0).startsWith("$share/");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
