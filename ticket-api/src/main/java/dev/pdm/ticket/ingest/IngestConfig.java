package dev.pdm.ticket.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Incident ingestion from the central broker: PDM_MQTT_HOST, PDM_MQTT_PORT, PDM_MQTT_USERNAME,
 * PDM_MQTT_PASSWORD, PDM_MQTT_CLIENT_ID, PDM_MQTT_SHARED_GROUP, PDM_MQTT_SUBSCRIPTION,
 * PDM_MQTT_ENABLED.
 */
@ConfigMapping(prefix = "pdm.mqtt")
public interface IngestConfig {

  /** False disables ingestion (tests and replicas that only serve the API). */
  @WithDefault("true")
  boolean enabled();

  /** Host of the central MQTT broker. */
  @WithDefault("localhost")
  String host();

  /** Port of the central MQTT broker. */
  @WithDefault("1883")
  int port();

  /** TLS to the broker (the JVM's trust store verifies it). */
  @WithDefault("false")
  boolean ssl();

  /** Broker user name, if the broker requires one. */
  Optional<String> username();

  /** Broker password, if the broker requires one. */
  Optional<String> password();

  /**
   * Stable client id of this replica: the broker keeps its session (subscriptions and
   * unacknowledged messages) under it, so each replica needs its own, stable across restarts (e.g.
   * the pod name).
   */
  @WithDefault("ticket-api")
  String clientId();

  /** Shared-subscription group: replicas in one group split the messages between them. */
  @WithDefault("ticket-api")
  String sharedGroup();

  /**
   * How this replica subscribes: {@code shared} joins {@link #sharedGroup()} so that replicas split
   * the messages; {@code plain} reads every message, for a single replica on a broker that does not
   * keep shared subscriptions across its own restart (Mosquitto 2.0), where a shared group is empty
   * until the replica is back and drops what is published meanwhile.
   */
  @WithDefault("shared")
  Subscription subscription();

  /** Subscription modes of {@link #subscription()}. */
  enum Subscription {
    SHARED,
    PLAIN
  }

  /** How long the broker keeps the session (and queued messages) while this replica is away. */
  @WithDefault("P7D")
  Duration sessionExpiry();

  /**
   * Unacknowledged messages the broker may have in flight to this replica; each waits for its
   * transaction, so this bounds the work held in memory.
   */
  @WithDefault("16")
  int receiveMaximum();

  /** Attempts at applying one message before it is dead-lettered as unprocessable. */
  @WithDefault("5")
  int maxAttempts();

  /** Longest wait for one message's transaction before it counts as a failed attempt. */
  @WithDefault("30s")
  Duration applyTimeout();
}
