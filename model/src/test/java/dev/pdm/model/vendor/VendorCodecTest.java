package dev.pdm.model.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.model.device.DeviceClass;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VendorCodecTest {

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void sunSpecFrameReadsTheEvt1BitfieldAndClass() {
    SunSpecEventFrame frame =
        VendorCodec.decodeSunSpec(
            json(
                "{\"sn\":\"BMS-1\",\"sunspecModel\":802,\"model\":\"ESS-200\",\"fw\":\"1.2\","
                    + "\"Evt1\":6,\"seq\":9,\"ts\":1780000000000}"));
    assertThat(frame.deviceClass()).isEqualTo(DeviceClass.BMS);
    assertThat(frame.bitSet(1)).isTrue();
    assertThat(frame.bitSet(2)).isTrue();
    assertThat(frame.bitSet(0)).isFalse();
    assertThat(frame.evtVnd1()).isNull();
  }

  @Test
  void sunSpecFrameRejectsUnknownModelsAndOversizedBitfields() {
    assertThatThrownBy(
            () ->
                VendorCodec.decodeSunSpec(
                    json(
                        "{\"sn\":\"X\",\"sunspecModel\":64,\"model\":\"m\",\"fw\":\"1\","
                            + "\"Evt1\":0,\"seq\":1,\"ts\":1}")))
        .hasMessageContaining("sunspecModel");
    assertThatThrownBy(
            () ->
                VendorCodec.decodeSunSpec(
                    json(
                        "{\"sn\":\"X\",\"sunspecModel\":101,\"model\":\"m\",\"fw\":\"1\","
                            + "\"Evt1\":8589934592,\"seq\":1,\"ts\":1}")))
        .hasMessageContaining("Evt1");
  }

  @Test
  void ocppFrameValidatesTheErrorCode() {
    String frame =
        "{\"chargePointSerialNumber\":\"CHG-1\",\"chargePointModel\":\"AC-22\","
            + "\"firmwareVersion\":\"4.1\",\"seq\":3,\"ts\":1780000000000,"
            + "\"action\":\"StatusNotification\",\"payload\":{\"connectorId\":1,"
            + "\"errorCode\":\"GroundFailure\",\"status\":\"Faulted\",\"vendorErrorCode\":\"E42\"}}";
    OcppStatusFrame decoded = VendorCodec.decodeOcpp(json(frame));
    assertThat(decoded.payload().errorCode()).isEqualTo("GroundFailure");
    assertThat(decoded.deviceTime().toEpochMilli()).isEqualTo(1780000000000L);
    assertThatThrownBy(() -> VendorCodec.decodeOcpp(json(frame.replace("GroundFailure", "Smoke"))))
        .hasMessageContaining("payload.errorCode");
  }
}
