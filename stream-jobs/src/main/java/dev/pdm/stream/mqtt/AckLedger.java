package dev.pdm.stream.mqtt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which message ids of one connection may be acknowledged when: ids of emitted messages collect
 * until a checkpoint snapshot, then wait under that checkpoint's id until it completes. Completing
 * a checkpoint releases its ids and those of every earlier checkpoint (whose notification may have
 * been skipped), in arrival order.
 *
 * <p>Each id is tagged with the connection epoch it arrived on. Packet ids belong to one network
 * connection: after a reconnect the broker redelivers every unacknowledged message (a resumed
 * persistent session), and may reuse an id for a new message once it is acknowledged, so an id from
 * an earlier epoch must never be acknowledged on the current connection. Not thread-safe: the
 * reader's task thread owns it.
 */
public final class AckLedger {

  /** An acknowledgement to send: the packet id and the epoch of the connection it arrived on. */
  public record Ack(long epoch, int messageId) {}

  private List<Ack> sinceLastSnapshot = new ArrayList<>();
  private final TreeMap<Long, List<Ack>> byCheckpoint = new TreeMap<>();
  private final Set<Ack> waiting = new HashSet<>();

  /**
   * An emitted message whose acknowledgement must wait for a checkpoint. Returns false when the
   * same id of the same connection is already waiting (a redelivery): it is acknowledged once, as a
   * second acknowledgement could hit a new message the broker sent under the freed id.
   */
  public boolean emitted(long epoch, int messageId) {
    Ack ack = new Ack(epoch, messageId);
    if (!waiting.add(ack)) {
      return false;
    }
    sinceLastSnapshot.add(ack);
    return true;
  }

  /** The snapshot of {@code checkpointId} covers everything emitted so far. */
  public void snapshot(long checkpointId) {
    if (!sinceLastSnapshot.isEmpty()) {
      byCheckpoint.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(sinceLastSnapshot);
      sinceLastSnapshot = new ArrayList<>();
    }
  }

  /**
   * The checkpoint completed: returns the acknowledgements it (and earlier checkpoints) released,
   * in arrival order, and forgets them.
   */
  public List<Ack> complete(long checkpointId) {
    List<Ack> released = new ArrayList<>();
    Map<Long, List<Ack>> done = byCheckpoint.headMap(checkpointId, true);
    done.values().forEach(released::addAll);
    done.clear();
    released.forEach(waiting::remove);
    return released;
  }

  /** Messages emitted but not yet acknowledged. */
  public int pending() {
    return waiting.size();
  }

  /** Checkpoints with acknowledgements waiting, oldest first (for tests and diagnostics). */
  public List<Long> waitingCheckpoints() {
    return List.copyOf(byCheckpoint.keySet());
  }
}
