package dev.pdm.gateway.queue;

/**
 * One entry of the store-and-forward queue: an upstream publish waiting for its acknowledgement.
 *
 * @param seq position in its lane, increasing by one per entry
 * @param enqueuedAtMillis when the gateway accepted it, for the oldest-queued-age metric
 */
public record QueuedEvent(
    Lane lane, long seq, long enqueuedAtMillis, String topic, int qos, byte[] payload) {

  /** Bytes the entry takes on disk, header included. */
  public int diskSize() {
    return SegmentLog.recordSize(topic, payload);
  }
}
