package dev.pdm.model.vendor;

import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireNonNegative;
import static dev.pdm.model.codec.Validation.requireText;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.device.DeviceClass;
import java.time.Instant;
import java.util.Set;

/**
 * What an inverter or battery publishes on {@code devices/{class}/{serial}/alarm}: the whole
 * current SunSpec {@code Evt1} bitfield (not a delta), as a Modbus-to-MQTT logger reads it every
 * time it changes. The gateway diffs it with the previous frame to get one RAISED or CLEARED per
 * bit.
 *
 * @param sunspecModel 101, 102 or 103 for inverters, 802 for batteries
 * @param evt1 the Evt1 bitfield, an unsigned 32-bit value
 * @param evtVnd1 the vendor's own bitfield, carried along, may be null
 * @param seq the device's message counter
 * @param ts the device clock, epoch milliseconds
 */
public record SunSpecEventFrame(
    String sn,
    int sunspecModel,
    String model,
    String fw,
    @JsonProperty("Evt1") long evt1,
    @JsonProperty("EvtVnd1") Long evtVnd1,
    long seq,
    long ts) {

  public static final Set<Integer> INVERTER_MODELS = Set.of(101, 102, 103);
  public static final int BATTERY_MODEL = 802;
  public static final long MAX_BITFIELD = 0xFFFF_FFFFL;

  public SunSpecEventFrame {
    requireIdentifier("sn", sn);
    if (!INVERTER_MODELS.contains(sunspecModel) && sunspecModel != BATTERY_MODEL) {
      throw new InvalidEventException(
          "sunspecModel", sunspecModel + " is not an inverter (101-103) or battery (802) model");
    }
    requireText("model", model);
    requireText("fw", fw);
    if (evt1 < 0 || evt1 > MAX_BITFIELD) {
      throw new InvalidEventException("Evt1", evt1 + " is not an unsigned 32-bit bitfield");
    }
    if (evtVnd1 != null && (evtVnd1 < 0 || evtVnd1 > MAX_BITFIELD)) {
      throw new InvalidEventException("EvtVnd1", evtVnd1 + " is not an unsigned 32-bit bitfield");
    }
    requireNonNegative("seq", seq);
    requireNonNegative("ts", ts);
  }

  public DeviceClass deviceClass() {
    return sunspecModel == BATTERY_MODEL ? DeviceClass.BMS : DeviceClass.INVERTER;
  }

  public Instant deviceTime() {
    return Instant.ofEpochMilli(ts);
  }

  public boolean bitSet(int bit) {
    return (evt1 & (1L << bit)) != 0;
  }
}
