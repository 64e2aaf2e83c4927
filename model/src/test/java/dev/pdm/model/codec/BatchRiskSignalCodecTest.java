package dev.pdm.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.model.device.DeviceClass;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchRiskSignalCodecTest {

  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  static BatchRiskSignal signal(BatchRiskStatus status) {
    return new BatchRiskSignal(
        Schema.VERSION,
        null,
        3,
        "B2025-01-BMS-A",
        DeviceClass.BMS,
        "BAT-100",
        List.of("B1.8.0"),
        "thermal",
        9,
        200,
        List.of("BMS-000001"),
        0.045,
        0.01,
        4.5,
        0.9999,
        6.1,
        4.5,
        "GLR-SPRT(p0=0.01000,p1>=0.03000,alpha=0.01,beta=0.1)",
        T0.minusSeconds(30 * 86_400),
        T0,
        T0.minusSeconds(86_400),
        T0,
        status);
  }

  @Test
  void endedSignalRoundTripsWithItsStatus() {
    BatchRiskSignal ended = signal(BatchRiskStatus.ENDED);
    byte[] json = EventCodec.encode(ended);
    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"status\":\"ENDED\"");
    assertThat(EventCodec.decodeBatchRisk(json)).isEqualTo(ended);
  }

  @Test
  void signalWithoutStatusFromAnOlderProducerIsActive() throws Exception {
    ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(signal(null)));
    tree.remove("status");
    BatchRiskSignal decoded =
        EventCodec.decodeBatchRisk(EventCodec.mapper().writeValueAsBytes(tree));
    assertThat(decoded.status()).isEqualTo(BatchRiskStatus.ACTIVE);
    assertThat(decoded).isEqualTo(signal(BatchRiskStatus.ACTIVE));
  }

  @Test
  void theConstructorWithoutStatusMakesAnActiveSignal() {
    BatchRiskSignal s = signal(BatchRiskStatus.ACTIVE);
    BatchRiskSignal old =
        new BatchRiskSignal(
            s.schemaVersion(),
            null,
            s.version(),
            s.batch(),
            s.deviceClass(),
            s.model(),
            s.firmwares(),
            s.failureMode(),
            s.affectedDevices(),
            s.population(),
            s.affectedSerials(),
            s.batchRate(),
            s.fleetRate(),
            s.rateRatio(),
            s.confidence(),
            s.statistic(),
            s.threshold(),
            s.method(),
            s.windowStart(),
            s.windowEnd(),
            s.firstDetected(),
            s.detectedAt());
    assertThat(old).isEqualTo(s);
  }
}
