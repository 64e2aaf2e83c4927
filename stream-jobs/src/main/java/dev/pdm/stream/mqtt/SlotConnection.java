package dev.pdm.stream.mqtt;

import java.util.function.Consumer;

/**
 * The broker connection behind one subscription slot. The reader depends on this seam rather than
 * on Paho so that its acknowledgement bookkeeping can be tested without a network.
 */
interface SlotConnection extends AutoCloseable {

  /**
   * A received message; {@code epoch} counts the connections of this slot (see {@link AckLedger}).
   */
  record Delivery(int slot, long epoch, int messageId, int qos, String topic, byte[] payload) {}

  /**
   * Connects, resuming the persistent session, and subscribes; deliveries go to {@code sink}, which
   * blocks when the reader's buffer is full instead of dropping.
   */
  void open(Consumer<Delivery> sink) throws Exception;

  /** The epoch of the current connection. */
  long epoch();

  /** Sends the acknowledgement of a QoS 1 message received on the current connection. */
  void ack(int messageId) throws Exception;

  /** Disconnects without acknowledging anything, so the broker keeps what is unacknowledged. */
  @Override
  void close();
}
