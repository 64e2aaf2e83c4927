package dev.pdm.stream.mqtt;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * Subscription slot {@code i}: one broker connection with client id {@code <prefix>-<i>} and its
 * persistent session. The broker's shared subscription, not the split, divides the messages; the
 * split only makes sure every slot is owned by exactly one reader and that a restarted reader takes
 * its slot (and so its session with the unacknowledged messages) back.
 */
public record MqttSplit(int slot) implements SourceSplit {

  public MqttSplit {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0 but was " + slot);
    }
  }

  @Override
  public String splitId() {
    return "slot-" + slot;
  }
}
