package dev.pdm.simulators.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Severity;
import dev.pdm.model.topic.Topics;
import dev.pdm.model.vendor.DeviceTelemetryFrame;
import dev.pdm.model.vendor.OcppStatusFrame;
import dev.pdm.model.vendor.OcppStatusNotification;
import dev.pdm.model.vendor.SunSpecEventFrame;
import dev.pdm.simulators.fleet.Fleet;
import dev.pdm.simulators.fleet.SimDevice;
import dev.pdm.simulators.physics.DevicePhysics;
import dev.pdm.simulators.physics.Effect;
import dev.pdm.simulators.physics.Environment;
import dev.pdm.simulators.physics.Noise;
import dev.pdm.simulators.scenario.AlarmTransition;
import dev.pdm.simulators.scenario.FaultPlan;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The pure core of the simulator: given a fleet, a fault plan and a seed it yields, in device-time
 * order, every message the fleet publishes in the plan's range. No clock, no broker, no threads:
 * the publisher decides how fast to pull, and tests and benchmarks pull as fast as they like. The
 * same inputs always give the same messages, byte for byte.
 */
public final class MessageGenerator {

  /** Telemetry maps serialised with sorted keys, so equal readings are equal bytes. */
  private static final ObjectWriter TELEMETRY_WRITER =
      EventCodec.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static final String VENDOR_ID = "pdm-sim";

  private final FaultPlan plan;
  private final long periodMillis;
  private final int telemetryQos;
  private final long refreshMillis;
  private final AlarmCatalogue catalogue = AlarmCatalogue.standard();
  private final Map<String, Device> bySerial = new HashMap<>();
  private final PriorityQueue<Device> telemetryQueue =
      new PriorityQueue<>(
          Comparator.comparingLong((Device d) -> d.nextTelemetry)
              .thenComparingInt(d -> d.sim.index()));
  private final List<AlarmTransition> transitions;
  private int nextTransition;
  private long cursor;

  /** Per-device state: what the device itself would remember. */
  private static final class Device {
    final SimDevice sim;
    final DevicePhysics physics;
    final List<Effect> effects;
    final String telemetryTopic;
    final String alarmTopic;
    long seq;
    long evt1;
    long nextTelemetry;
    long lastAlarmFrame;

    Device(SimDevice sim, DevicePhysics physics, List<Effect> effects) {
      this.sim = sim;
      this.physics = physics;
      this.effects = effects;
      this.telemetryTopic = Topics.device(sim.deviceClass(), sim.serial(), Topics.Kind.TELEMETRY);
      this.alarmTopic = Topics.device(sim.deviceClass(), sim.serial(), Topics.Kind.ALARM);
    }

    boolean silentAt(long t) {
      return !effects.isEmpty() && DevicePhysics.active(effects, Effect.Kind.SILENT, t);
    }
  }

  public MessageGenerator(
      Fleet fleet, FaultPlan plan, long seed, Duration telemetryPeriod, int telemetryQos) {
    this(fleet, plan, seed, telemetryPeriod, telemetryQos, null);
  }

  /**
   * @param alarmRefresh SunSpec devices republish an unchanged {@code Evt1} at their first
   *     telemetry report after this much time without an alarm frame; null for never
   */
  public MessageGenerator(
      Fleet fleet,
      FaultPlan plan,
      long seed,
      Duration telemetryPeriod,
      int telemetryQos,
      Duration alarmRefresh) {
    this.refreshMillis = alarmRefresh == null ? 0 : alarmRefresh.toMillis();
    this.plan = plan;
    this.periodMillis = telemetryPeriod.toMillis();
    this.telemetryQos = telemetryQos;
    this.transitions = plan.transitions();
    this.cursor = plan.fromMillis();
    Environment env = new Environment(seed);
    for (SimDevice d : fleet.devices()) {
      Device device = new Device(d, DevicePhysics.of(d, env, seed), plan.effectsFor(d.serial()));
      // Devices report at their own phase within the period, not all on the same tick
      device.nextTelemetry =
          plan.fromMillis() + (long) (Noise.unit(seed, d.index(), -9) * periodMillis);
      device.seq = (long) (Noise.unit(seed, d.index(), -10) * 1_000_000);
      device.lastAlarmFrame = plan.fromMillis();
      bySerial.put(d.serial(), device);
      telemetryQueue.add(device);
    }
  }

  /** Everything strictly before this instant has been generated. */
  public long cursor() {
    return cursor;
  }

  /** Whether the plan's whole range has been generated. */
  public boolean exhausted() {
    return cursor >= plan.toMillis();
  }

  public FaultPlan plan() {
    return plan;
  }

  /**
   * Emits, in order, every message with a device time before {@code untilMillis} (capped at the end
   * of the plan's range) that has not been emitted yet; returns how many.
   */
  public long advanceTo(long untilMillis, Consumer<DeviceMessage> sink) {
    long until = Math.min(untilMillis, plan.toMillis());
    long emitted = 0;
    while (true) {
      long nextAlarm =
          nextTransition < transitions.size()
              ? transitions.get(nextTransition).atMillis()
              : Long.MAX_VALUE;
      Device head = telemetryQueue.peek();
      long nextTelemetry = head == null ? Long.MAX_VALUE : head.nextTelemetry;
      if (nextAlarm <= nextTelemetry && nextAlarm < until) {
        emitted += emitAlarms(sink);
      } else if (nextTelemetry < until) {
        telemetryQueue.poll();
        if (!head.silentAt(nextTelemetry)) {
          sink.accept(telemetry(head, nextTelemetry));
          emitted++;
          if (refreshMillis > 0
              && head.sim.deviceClass() != DeviceClass.CHARGER
              && nextTelemetry - head.lastAlarmFrame >= refreshMillis) {
            sink.accept(sunSpec(head, nextTelemetry, 0));
            emitted++;
          }
        }
        head.nextTelemetry += periodMillis;
        telemetryQueue.add(head);
      } else {
        break;
      }
    }
    cursor = Math.max(cursor, until);
    return emitted;
  }

  /** Emits the transitions of one device at one instant: one SunSpec frame, or OCPP frames. */
  private long emitAlarms(Consumer<DeviceMessage> sink) {
    AlarmTransition first = transitions.get(nextTransition);
    int end = nextTransition;
    while (end < transitions.size()
        && transitions.get(end).atMillis() == first.atMillis()
        && transitions.get(end).serial().equals(first.serial())) {
      end++;
    }
    List<AlarmTransition> group = new ArrayList<>(transitions.subList(nextTransition, end));
    nextTransition = end;
    Device device = bySerial.get(first.serial());
    if (device == null || device.silentAt(first.atMillis())) {
      return 0;
    }
    if (device.sim.deviceClass() == DeviceClass.CHARGER) {
      for (AlarmTransition t : group) {
        sink.accept(ocpp(device, t));
      }
      return group.size();
    }
    long before = device.evt1;
    for (AlarmTransition t : group) {
      long mask = 1L << catalogue.get(t.code()).bit();
      device.evt1 = t.raise() ? device.evt1 | mask : device.evt1 & ~mask;
    }
    int changed = Long.bitCount(before ^ device.evt1);
    if (changed == 0) {
      return 0;
    }
    sink.accept(sunSpec(device, first.atMillis(), changed));
    return 1;
  }

  /** The device's whole current bitfield; {@code changed} bits differ from its previous frame. */
  private DeviceMessage sunSpec(Device device, long t, int changed) {
    device.lastAlarmFrame = t;
    SunSpecEventFrame frame =
        new SunSpecEventFrame(
            device.sim.serial(),
            device.sim.spec().sunspecModel(),
            device.sim.facts().model(),
            device.sim.facts().firmware(),
            device.evt1,
            0L,
            device.seq++,
            t);
    return new DeviceMessage(
        device.alarmTopic,
        EventCodec.encode(frame),
        1,
        Topics.Kind.ALARM,
        device.sim.serial(),
        device.sim.site().siteId(),
        t,
        changed);
  }

  private DeviceMessage ocpp(Device device, AlarmTransition t) {
    AlarmCode code = catalogue.get(t.code());
    OcppStatusNotification notification =
        t.raise()
            ? new OcppStatusNotification(
                1,
                code.name(),
                code.defaultSeverity().compareTo(Severity.MAJOR) >= 0 ? "Faulted" : "SuspendedEVSE",
                Instant.ofEpochMilli(t.atMillis()),
                null,
                VENDOR_ID,
                vendorErrorCode(code.name()))
            : new OcppStatusNotification(
                1, "NoError", "Available", Instant.ofEpochMilli(t.atMillis()), null, null, null);
    OcppStatusFrame frame =
        new OcppStatusFrame(
            device.sim.serial(),
            device.sim.facts().model(),
            device.sim.facts().firmware(),
            device.seq++,
            t.atMillis(),
            OcppStatusFrame.ACTION,
            notification);
    return new DeviceMessage(
        device.alarmTopic,
        EventCodec.encode(frame),
        1,
        Topics.Kind.ALARM,
        device.sim.serial(),
        device.sim.site().siteId(),
        t.atMillis(),
        1);
  }

  /** The vendor's own code for an OCPP error, as chargers send it alongside. */
  static String vendorErrorCode(String ocppCode) {
    return String.format("E%03d", 100 + OcppStatusNotification.ERROR_CODES.indexOf(ocppCode));
  }

  private DeviceMessage telemetry(Device device, long t) {
    DeviceTelemetryFrame frame =
        new DeviceTelemetryFrame(
            device.sim.serial(),
            device.sim.facts().model(),
            device.sim.facts().firmware(),
            device.seq++,
            t,
            device.physics.sample(t, device.effects));
    byte[] payload;
    try {
      payload = TELEMETRY_WRITER.writeValueAsBytes(frame);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return new DeviceMessage(
        device.telemetryTopic,
        payload,
        telemetryQos,
        Topics.Kind.TELEMETRY,
        device.sim.serial(),
        device.sim.site().siteId(),
        t,
        0);
  }
}
