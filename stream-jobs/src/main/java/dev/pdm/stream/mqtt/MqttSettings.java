package dev.pdm.stream.mqtt;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a source reader or sink writer connects: broker, credentials, the client-id prefix (the
 * subtask index is appended so that every subtask resumes its own persistent session) and the
 * in-flight window.
 *
 * @param receiveMaximum MQTT 5 receive maximum of a source connection: the most unacknowledged QoS
 *     1 messages the broker sends before waiting; with acknowledgements held until a checkpoint it
 *     bounds what a reader buffers, and throughput per reader is about receiveMaximum / checkpoint
 *     interval
 * @param sessionExpirySeconds how long the broker keeps a session (subscriptions and unacknowledged
 *     messages) while the job is down
 */
public record MqttSettings(
    String url,
    String username,
    String password,
    String clientPrefix,
    int receiveMaximum,
    long sessionExpirySeconds)
    implements Serializable {

  public static final long ONE_DAY_SECONDS = 24 * 60 * 60;

  public MqttSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(clientPrefix, "clientPrefix");
    if (receiveMaximum < 1 || receiveMaximum > 65535) {
      throw new IllegalArgumentException(
          "receiveMaximum must be 1..65535 but was " + receiveMaximum);
    }
    if (sessionExpirySeconds < 0) {
      throw new IllegalArgumentException("sessionExpirySeconds must be >= 0");
    }
  }

  /** The same settings with another client-id prefix, for the several clients of one job. */
  public MqttSettings withClientPrefix(String prefix) {
    return new MqttSettings(url, username, password, prefix, receiveMaximum, sessionExpirySeconds);
  }

  /** {@code <prefix>-<index>}: stable across restarts, so the broker resumes the same session. */
  public String clientId(int index) {
    return clientPrefix + "-" + index;
  }

  @Override
  public String toString() {
    // Never print the password.
    return "MqttSettings[url="
        + url
        + ", username="
        + username
        + ", clientPrefix="
        + clientPrefix
        + ", receiveMaximum="
        + receiveMaximum
        + ", sessionExpirySeconds="
        + sessionExpirySeconds
        + "]";
  }
}
