package dev.pdm.stream.batchrisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.codec.Schema;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureObservationTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static Incident fault(String... codes) {
    return new Incident(
        Schema.VERSION,
        null,
        1,
        IncidentKind.FAULT,
        IncidentStatus.ACTIVE,
        "BMS-000001",
        DeviceClass.BMS,
        "BAT-100",
        "B1.8.0",
        "B2025-10-BMS-A",
        "site-001",
        codes[0],
        List.of(codes),
        Severity.WARNING,
        T0,
        T0,
        null,
        1,
        false,
        0,
        List.of(),
        List.of(),
        "test");
  }

  @Test
  void anOpenDoorIsNotABatchFailure() {
    assertThat(FailureObservation.of(fault("sunspec-bat:OPEN_DOOR_ERROR"))).isEmpty();
  }

  @Test
  void aFaultCountsOncePerFailureFamilyOfItsCodes() {
    assertThat(
            FailureObservation.of(
                fault(
                    "sunspec-bat:OVER_TEMP_WARNING",
                    "sunspec-bat:OVER_TEMP_ALARM",
                    "sunspec-bat:OPEN_DOOR_ERROR")))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.family()).isEqualTo("thermal");
              assertThat(o.batchKey()).isEqualTo("B2025-10-BMS-A|thermal");
              assertThat(o.at()).isEqualTo(T0.toEpochMilli());
            });
  }
}
