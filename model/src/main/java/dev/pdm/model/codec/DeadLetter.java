package dev.pdm.model.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A rejected message, published to the dead-letter topic so that nothing bad is dropped silently.
 *
 * @param source the component that rejected it (e.g. {@code gateway-site-042}, {@code stream-jobs})
 * @param topic the topic it arrived on
 * @param reason why, naming the field where one is to blame
 * @param payload the payload as text (invalid UTF-8 replaced), cut at {@link #MAX_PAYLOAD_CHARS}
 * @param payloadBytes the original payload size
 */
public record DeadLetter(
    int schemaVersion,
    String source,
    String topic,
    String reason,
    String field,
    String payload,
    int payloadBytes,
    Instant receivedAt) {

  public static final int MAX_PAYLOAD_CHARS = 16 * 1024;

  public static DeadLetter of(
      String source, String topic, InvalidEventException error, byte[] payload, Instant at) {
    String text = payload == null ? "" : new String(payload, StandardCharsets.UTF_8);
    if (text.length() > MAX_PAYLOAD_CHARS) {
      text = text.substring(0, MAX_PAYLOAD_CHARS);
    }
    return new DeadLetter(
        Schema.VERSION,
        source,
        topic,
        error.reason(),
        error.field(),
        text,
        payload == null ? 0 : payload.length,
        at);
  }
}
