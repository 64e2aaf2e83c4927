package dev.pdm.model.topic;

import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.codec.Validation;
import dev.pdm.model.device.DeviceClass;
import java.util.Optional;

/**
 * Every MQTT topic of the system, built and parsed in one place. Site-local topics carry vendor
 * payloads from devices to their site's gateway; central topics carry canonical JSON.
 */
public final class Topics {

  /** Central prefix; the version is part of the topic so that a v2 contract can run beside v1. */
  public static final String CENTRAL_PREFIX = "pdm/v1/";

  /** Correlated incidents from the stream job to the ticket API. */
  public static final String INCIDENTS = "pdm/v1/incidents";

  /** Batch-risk signals from the stream job to the ticket API. */
  public static final String BATCH_RISK = "pdm/v1/batch-risk";

  /** SLA warnings and escalations (and later other ticket events) from the ticket API. */
  public static final String TICKET_EVENTS = "pdm/v1/ticket-events";

  /** Prefix of dead-letter topics; the component that rejected the message follows. */
  public static final String DEAD_LETTER_PREFIX = "pdm/v1/dead-letter/";

  /** Subscription to every dead letter. */
  public static final String DEAD_LETTER_FILTER = "pdm/v1/dead-letter/#";

  /** Subscription to every canonical alarm of every site. */
  public static final String CENTRAL_ALARMS_FILTER = "pdm/v1/+/+/alarm";

  /** Subscription to every canonical telemetry reading of every site. */
  public static final String CENTRAL_TELEMETRY_FILTER = "pdm/v1/+/+/telemetry";

  /** Subscription a site gateway makes on its site-local broker. */
  public static final String DEVICE_FILTER = "devices/+/+/+";

  private Topics() {}

  /** Kinds of per-device message, the last topic level. */
  public enum Kind {
    TELEMETRY("telemetry"),
    ALARM("alarm");

    private final String segment;

    Kind(String segment) {
      this.segment = segment;
    }

    public String segment() {
      return segment;
    }

    static Optional<Kind> ofSegment(String s) {
      for (Kind k : values()) {
        if (k.segment.equals(s)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /** A parsed site-local device topic. */
  public record DeviceTopic(DeviceClass deviceClass, String serial, Kind kind) {}

  /** A parsed central topic. */
  public record CentralTopic(String site, String serial, Kind kind) {}

  /** {@code devices/{class}/{serial}/{telemetry|alarm}} */
  public static String device(DeviceClass deviceClass, String serial, Kind kind) {
    Validation.requireIdentifier("serial", serial);
    return "devices/" + deviceClass.topicSegment() + "/" + serial + "/" + kind.segment();
  }

  /** {@code pdm/v1/{site}/{serial}/{telemetry|alarm}} */
  public static String central(String site, String serial, Kind kind) {
    Validation.requireIdentifier("site", site);
    Validation.requireIdentifier("serial", serial);
    return CENTRAL_PREFIX + site + "/" + serial + "/" + kind.segment();
  }

  /** {@code pdm/v1/dead-letter/{source}} */
  public static String deadLetter(String source) {
    Validation.requireIdentifier("source", source);
    return DEAD_LETTER_PREFIX + source;
  }

  /** MQTT 5 shared subscription, so parallel readers split a filter's messages between them. */
  public static String shared(String group, String filter) {
    Validation.requireIdentifier("group", group);
    return "$share/" + group + "/" + filter;
  }

  public static DeviceTopic parseDevice(String topic) {
    String[] p = topic.split("/", -1);
    if (p.length != 4 || !p[0].equals("devices")) {
      throw new InvalidEventException(
          "topic", "'" + topic + "' is not devices/{class}/{serial}/{kind}");
    }
    DeviceClass deviceClass;
    try {
      deviceClass = DeviceClass.parse(p[1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("topic", "unknown device class '" + p[1] + "'");
    }
    Validation.requireIdentifier("topic.serial", p[2]);
    Kind kind =
        Kind.ofSegment(p[3])
            .orElseThrow(() -> new InvalidEventException("topic", "unknown kind '" + p[3] + "'"));
    return new DeviceTopic(deviceClass, p[2], kind);
  }

  public static CentralTopic parseCentral(String topic) {
    String[] p = topic.split("/", -1);
    if (p.length != 5 || !topic.startsWith(CENTRAL_PREFIX)) {
      throw new InvalidEventException(
          "topic", "'" + topic + "' is not pdm/v1/{site}/{serial}/{kind}");
    }
    Validation.requireIdentifier("topic.site", p[2]);
    Validation.requireIdentifier("topic.serial", p[3]);
    Kind kind =
        Kind.ofSegment(p[4])
            .orElseThrow(() -> new InvalidEventException("topic", "unknown kind '" + p[4] + "'"));
    return new CentralTopic(p[2], p[3], kind);
  }
}
