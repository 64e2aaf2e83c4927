package dev.pdm.model.vendor;

import dev.pdm.model.codec.EventCodec;
import java.util.List;

/**
 * Decoding of the device-side payloads; same strictness and error reporting as {@link EventCodec}.
 */
public final class VendorCodec {

  private VendorCodec() {}

  public static SunSpecEventFrame decodeSunSpec(byte[] payload) {
    return EventCodec.decode(
        payload, SunSpecEventFrame.class, List.of("sunspecModel", "Evt1", "seq", "ts"));
  }

  public static OcppStatusFrame decodeOcpp(byte[] payload) {
    return EventCodec.decode(payload, OcppStatusFrame.class, List.of("seq", "ts"));
  }

  public static DeviceTelemetryFrame decodeTelemetry(byte[] payload) {
    return EventCodec.decode(payload, DeviceTelemetryFrame.class, List.of("seq", "ts"));
  }
}
