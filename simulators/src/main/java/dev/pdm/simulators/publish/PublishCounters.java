package dev.pdm.simulators.publish;

import dev.pdm.model.topic.Topics;
import dev.pdm.simulators.generator.DeviceMessage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulator generated, handed to the broker client and had acknowledged, per kind and per
 * device. The per-device alarm counts are the source side of "no alarm lost from device to store".
 */
public final class PublishCounters {

  private final LongAdder generated = new LongAdder();
  private final LongAdder telemetryPublished = new LongAdder();
  private final LongAdder telemetryDropped = new LongAdder();
  private final LongAdder alarmFramesPublished = new LongAdder();
  private final LongAdder alarmFramesAcknowledged = new LongAdder();
  private final LongAdder alarmTransitionsPublished = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder resent = new LongAdder();
  private final Map<String, LongAdder> alarmFramesBySerial = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> alarmTransitionsBySerial = new ConcurrentHashMap<>();

  /** A consistent-enough copy for reports. */
  public record Snapshot(
      long generated,
      long telemetryPublished,
      long telemetryDropped,
      long alarmFramesPublished,
      long alarmFramesAcknowledged,
      long alarmTransitionsPublished,
      long reconnects,
      long resent) {}

  public void generated(DeviceMessage m) {
    generated.increment();
  }

  public void published(DeviceMessage m) {
    if (m.kind() == Topics.Kind.ALARM) {
      alarmFramesPublished.increment();
      alarmTransitionsPublished.add(m.transitions());
      alarmFramesBySerial.computeIfAbsent(m.serial(), s -> new LongAdder()).increment();
      alarmTransitionsBySerial
          .computeIfAbsent(m.serial(), s -> new LongAdder())
          .add(m.transitions());
    } else {
      telemetryPublished.increment();
    }
  }

  public void dropped(DeviceMessage m) {
    telemetryDropped.increment();
  }

  public void acknowledged(DeviceMessage m) {
    if (m.kind() == Topics.Kind.ALARM) {
      alarmFramesAcknowledged.increment();
    }
  }

  /** A message published again because the client dropped it unacknowledged. */
  public void resent(DeviceMessage m) {
    resent.increment();
  }

  public void reconnected() {
    reconnects.increment();
  }

  public Snapshot snapshot() {
    return new Snapshot(
        generated.sum(),
        telemetryPublished.sum(),
        telemetryDropped.sum(),
        alarmFramesPublished.sum(),
        alarmFramesAcknowledged.sum(),
        alarmTransitionsPublished.sum(),
        reconnects.sum(),
        resent.sum());
  }

  /** Alarm frames handed to the broker client, per serial, serials in order. */
  public Map<String, Long> alarmFramesBySerial() {
    return copy(alarmFramesBySerial);
  }

  /** Alarm state changes (one per alarm event the gateway derives), per serial. */
  public Map<String, Long> alarmTransitionsBySerial() {
    return copy(alarmTransitionsBySerial);
  }

  private static Map<String, Long> copy(Map<String, LongAdder> source) {
    Map<String, Long> out = new TreeMap<>();
    source.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
