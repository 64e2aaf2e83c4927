package dev.pdm.gateway.adapter;

import dev.pdm.gateway.state.DeviceAlarmState;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.topic.Topics;
import dev.pdm.model.vendor.DeviceTelemetryFrame;
import dev.pdm.model.vendor.OcppStatusFrame;
import dev.pdm.model.vendor.SunSpecEventFrame;
import dev.pdm.model.vendor.VendorCodec;
import java.util.List;
import java.util.function.Function;

/**
 * Validates one site-local device message and turns it into canonical events: topic shape, payload
 * decoding, topic serial equal to payload serial, device family equal to the topic's class, site
 * known. Pure: the caller supplies the device's previous alarm state and stores the next one.
 */
public final class Normaliser {

  private final SiteResolver sites;
  private final SunSpecAdapter sunSpec;
  private final OcppAdapter ocpp;

  public Normaliser(SiteResolver sites, AlarmCatalogue catalogue) {
    this.sites = sites;
    this.sunSpec = new SunSpecAdapter(catalogue);
    this.ocpp = new OcppAdapter(catalogue);
  }

  /**
   * @throws InvalidEventException naming the field and problem when the message must go to the dead
   *     letter
   */
  public Normalised normalise(
      String topic, byte[] payload, Function<String, DeviceAlarmState> previousState) {
    Topics.DeviceTopic t = Topics.parseDevice(topic);
    String site =
        sites
            .siteOf(t.serial())
            .orElseThrow(
                () ->
                    new InvalidEventException(
                        "topic.serial", "'" + t.serial() + "' is not in the device registry"));
    if (t.kind() == Topics.Kind.TELEMETRY) {
      DeviceTelemetryFrame f = VendorCodec.decodeTelemetry(payload);
      requireSameSerial(t.serial(), "sn", f.sn());
      TelemetryReading reading =
          TelemetryReading.of(
              f.sn(),
              t.deviceClass(),
              f.model(),
              f.fw(),
              f.deviceTime(),
              f.seq(),
              site,
              null,
              f.values());
      return new Normalised(t.serial(), site, List.of(), reading, null, 0, false);
    }
    if (t.deviceClass() == DeviceClass.CHARGER) {
      OcppStatusFrame f = VendorCodec.decodeOcpp(payload);
      requireSameSerial(t.serial(), "chargePointSerialNumber", f.chargePointSerialNumber());
      DeviceAlarmState.Ocpp before =
          previous(previousState, t.serial(), DeviceAlarmState.Ocpp.class);
      if (before != null && !before.isOlderThan(f.deviceTime().toEpochMilli(), f.seq())) {
        return Normalised.stale(t.serial(), site);
      }
      OcppAdapter.Mapped m =
          ocpp.map(f, previous(previousState, t.serial(), DeviceAlarmState.Ocpp.class), site);
      return new Normalised(t.serial(), site, m.events(), null, m.next(), 0, false);
    }
    SunSpecEventFrame f = VendorCodec.decodeSunSpec(payload);
    requireSameSerial(t.serial(), "sn", f.sn());
    if (f.deviceClass() != t.deviceClass()) {
      throw new InvalidEventException(
          "sunspecModel",
          "model "
              + f.sunspecModel()
              + " is a "
              + f.deviceClass()
              + ", the topic says "
              + t.deviceClass());
    }
    DeviceAlarmState.SunSpec before =
        previous(previousState, t.serial(), DeviceAlarmState.SunSpec.class);
    if (before != null && !before.isOlderThan(f.ts(), f.seq())) {
      return Normalised.stale(t.serial(), site);
    }
    SunSpecAdapter.Mapped m = sunSpec.map(f, before, site);
    return new Normalised(t.serial(), site, m.events(), null, m.next(), m.undefinedBits(), false);
  }

  private static <S extends DeviceAlarmState> S previous(
      Function<String, DeviceAlarmState> states, String serial, Class<S> type) {
    DeviceAlarmState s = states.apply(serial);
    // A state of the other family means the serial was reused for another kind of device: start
    // over.
    return type.isInstance(s) ? type.cast(s) : null;
  }

  private static void requireSameSerial(String topicSerial, String field, String payloadSerial) {
    if (!topicSerial.equals(payloadSerial)) {
      throw new InvalidEventException(
          field, "'" + payloadSerial + "' differs from the topic's serial '" + topicSerial + "'");
    }
  }
}
