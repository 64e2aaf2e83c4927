package dev.pdm.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentCodecTest {

  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final Instant ONE_HOUR_LATER = T0.plusSeconds(3_600);

  static Incident warning(Instant asOf) {
    return new Incident(
        Schema.VERSION,
        null,
        2,
        IncidentKind.FAULT,
        IncidentStatus.ACTIVE,
        "INV-000001",
        DeviceClass.INVERTER,
        "SG-110",
        "1.2.3",
        "B2025-01-INV-A",
        "SITE-01",
        "sunspec-inv:CABINET_OPEN",
        List.of("sunspec-inv:CABINET_OPEN"),
        Severity.WARNING,
        T0,
        T0,
        null,
        1,
        false,
        0,
        List.of(),
        List.of(),
        "active for PT1H",
        asOf);
  }

  @Test
  void asOfRoundTrips() {
    Incident incident = warning(ONE_HOUR_LATER);
    byte[] json = EventCodec.encode(incident);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"asOf\":\"2026-06-01T01:00:00Z\"");
    assertThat(EventCodec.decodeIncident(json)).isEqualTo(incident);
  }

  @Test
  void incidentWithoutAsOfFromAnOlderProducerDecodesAsBefore() throws Exception {
    ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(warning(null)));
    tree.remove("asOf");
    Incident decoded = EventCodec.decodeIncident(EventCodec.mapper().writeValueAsBytes(tree));
    assertThat(decoded.asOf()).isNull();
    assertThat(decoded).isEqualTo(warning(null));
  }

  @Test
  void theConstructorWithoutAsOfLeavesItUnset() {
    Incident w = warning(null);
    Incident old =
        new Incident(
            w.schemaVersion(),
            null,
            w.version(),
            w.kind(),
            w.status(),
            w.serial(),
            w.deviceClass(),
            w.model(),
            w.firmware(),
            w.batch(),
            w.site(),
            w.primaryCode(),
            w.codes(),
            w.severity(),
            w.firstSeen(),
            w.lastSeen(),
            w.clearedAt(),
            w.occurrences(),
            w.flapping(),
            w.flapCount(),
            w.suppressed(),
            w.evidence(),
            w.reason());
    assertThat(old).isEqualTo(w);
  }

  @Test
  void asOfBeforeFirstSeenIsRejected() throws Exception {
    ObjectNode tree =
        (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(warning(ONE_HOUR_LATER)));
    tree.put("asOf", "2026-05-31T23:00:00Z");
    assertThatThrownBy(() -> EventCodec.decodeIncident(EventCodec.mapper().writeValueAsBytes(tree)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("asOf");
  }
}
