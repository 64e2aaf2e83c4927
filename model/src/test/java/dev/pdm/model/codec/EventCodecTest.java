package dev.pdm.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.Severity;
import dev.pdm.model.event.TelemetryReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  static AlarmEvent groundFault() {
    return AlarmEvent.of(
        "INV-0001",
        DeviceClass.INVERTER,
        "SUN-50K",
        "2.3.1",
        "sunspec-inv:GROUND_FAULT",
        "E017",
        AlarmState.RAISED,
        Severity.CRITICAL,
        T0,
        42,
        "site-001",
        null);
  }

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String alarmJson() {
    return new String(EventCodec.encode(groundFault()), StandardCharsets.UTF_8);
  }

  @Test
  void alarmRoundTripsThroughJson() {
    AlarmEvent decoded = EventCodec.decodeAlarm(EventCodec.encode(groundFault()));
    assertThat(decoded).isEqualTo(groundFault());
    assertThat(alarmJson()).contains("\"deviceTime\":\"2026-06-01T08:00:00Z\"");
  }

  @Test
  void eventIdIsDerivedFromContentSoRedeliveryIsRecognisable() {
    assertThat(groundFault().eventId()).isEqualTo(groundFault().eventId());
    AlarmEvent nextSeq =
        AlarmEvent.of(
            "INV-0001",
            DeviceClass.INVERTER,
            "SUN-50K",
            "2.3.1",
            "sunspec-inv:GROUND_FAULT",
            "E017",
            AlarmState.RAISED,
            Severity.CRITICAL,
            T0,
            43,
            "site-001",
            null);
    assertThat(nextSeq.eventId()).isNotEqualTo(groundFault().eventId());
  }

  @Test
  void unknownFieldsAreIgnored() {
    String withExtra = alarmJson().replaceFirst("\\{", "{\"gatewayVersion\":\"9\",");
    assertThat(EventCodec.decodeAlarm(json(withExtra))).isEqualTo(groundFault());
  }

  @Test
  void missingEventIdIsDerived() {
    String without = alarmJson().replaceFirst("\"eventId\":\"[^\"]+\",", "");
    assertThat(EventCodec.decodeAlarm(json(without)).eventId()).isEqualTo(groundFault().eventId());
  }

  @Test
  void eventIdThatDoesNotMatchTheContentIsRejected() {
    String forged = alarmJson().replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"x\"");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(forged)))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("eventId"));
  }

  @Test
  void missingRequiredFieldIsRejectedNamingTheField() {
    String without = alarmJson().replaceFirst("\"serial\":\"INV-0001\",", "");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(without)))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.field()).isEqualTo("serial");
              assertThat(e.problem()).isEqualTo("is required");
            });
  }

  @Test
  void missingPrimitiveIsRejectedRatherThanReadAsZero() {
    String without = alarmJson().replaceFirst("\"seq\":42,", "");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(without)))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("seq"));
  }

  @Test
  void numberAsStringIsAWrongType() {
    String wrong = alarmJson().replace("\"seq\":42", "\"seq\":\"42\"");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(wrong)))
        .isInstanceOfSatisfying(
            InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("seq"));
  }

  @Test
  void unknownEnumValueIsRejectedListingTheAllowedOnes() {
    String wrong = alarmJson().replace("\"RAISED\"", "\"ON\"");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(wrong)))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.field()).isEqualTo("state");
              assertThat(e.problem()).contains("RAISED", "CLEARED");
            });
  }

  @Test
  void outOfRangeValuesAreRejected() {
    String negative = alarmJson().replace("\"seq\":42", "\"seq\":-1");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(negative)))
        .hasMessageContaining("seq: must be >= 0");
    String ancient = alarmJson().replace("2026-06-01T08:00:00Z", "1970-01-01T00:00:00Z");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(ancient)))
        .hasMessageContaining("deviceTime");
  }

  @Test
  void codeOutsideTheCatalogueOrOfAnotherClassIsRejected() {
    String unknown = alarmJson().replace("sunspec-inv:GROUND_FAULT", "sunspec-inv:SMOKE");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(unknown)))
        .hasMessageContaining("code: 'sunspec-inv:SMOKE' is not in the catalogue");
    String otherClass = alarmJson().replace("sunspec-inv:GROUND_FAULT", "ocpp16:GroundFailure");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(otherClass)))
        .hasMessageContaining("belongs to CHARGER");
  }

  @Test
  void oversizeGarbageAndNonObjectsAreRejected() {
    byte[] big = new byte[Schema.MAX_PAYLOAD_BYTES + 1];
    assertThatThrownBy(() -> EventCodec.decodeAlarm(big)).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json("{\"serial\":")))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json("[1,2]")))
        .hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(alarmJson() + "{}")))
        .isInstanceOf(InvalidEventException.class);
  }

  @Test
  void unsupportedSchemaVersionIsRejected() {
    String future = alarmJson().replace("\"schemaVersion\":1", "\"schemaVersion\":7");
    assertThatThrownBy(() -> EventCodec.decodeAlarm(json(future)))
        .hasMessageContaining("schemaVersion: unsupported version 7");
  }

  @Test
  void telemetryRejectsNonFiniteAndBadlyNamedMetrics() {
    TelemetryReading ok =
        TelemetryReading.of(
            "BMS-0001",
            DeviceClass.BMS,
            "ESS-200",
            "1.0.0",
            T0,
            1,
            "site-001",
            "B2026-01",
            Map.of("soc_pct", 55.0));
    assertThat(EventCodec.decodeTelemetry(EventCodec.encode(ok))).isEqualTo(ok);
    String text = new String(EventCodec.encode(ok), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> EventCodec.decodeTelemetry(json(text.replace("\"soc_pct\"", "\"SoC %\""))))
        .hasMessageContaining("metrics");
    assertThatThrownBy(() -> EventCodec.decodeTelemetry(json(text.replace("55.0", "\"high\""))))
        .hasMessageContaining("metrics");
  }
}
