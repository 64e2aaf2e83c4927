package dev.pdm.stream.correlation;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.AlarmState;
import dev.pdm.model.event.TelemetryReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Intent-named builders and named instants for correlation tests. */
final class Alarms {

  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  static final Instant TEN_SECONDS_LATER = T0.plusSeconds(10);
  static final Instant ONE_MINUTE_LATER = T0.plus(Duration.ofMinutes(1));
  static final Instant TWO_MINUTES_LATER = T0.plus(Duration.ofMinutes(2));

  static final String SITE_A = "site-a";
  static final String SITE_B = "site-b";
  static final String BATCH = "B2025-07";

  static final String GROUND_FAULT = "sunspec-inv:GROUND_FAULT";
  static final String DC_OVER_VOLT = "sunspec-inv:DC_OVER_VOLT";
  static final String GRID_DISCONNECT = "sunspec-inv:GRID_DISCONNECT";
  static final String AC_UNDER_VOLT = "sunspec-inv:AC_UNDER_VOLT";
  static final String CABINET_OPEN = "sunspec-inv:CABINET_OPEN";
  static final String OVER_TEMP_ALARM = "sunspec-bat:OVER_TEMP_ALARM";
  static final String OVER_TEMP_WARNING = "sunspec-bat:OVER_TEMP_WARNING";

  private static final AtomicLong SEQ = new AtomicLong();

  private Alarms() {}

  static Instant minutesAfterT0(long minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  static AlarmBuilder alarm(String serial, String code) {
    return new AlarmBuilder(serial, code);
  }

  static TelemetryReading telemetry(String serial, String site, Instant at, double heatsink) {
    return TelemetryReading.of(
        serial,
        DeviceClass.INVERTER,
        "SUN-10K",
        "1.2.0",
        at,
        SEQ.incrementAndGet(),
        site,
        BATCH,
        Map.of("heatsink_temp_c", heatsink, "load_pct", 80.0));
  }

  static final class AlarmBuilder {
    private final String serial;
    private final AlarmCode code;
    private String site = SITE_A;

    private AlarmBuilder(String serial, String code) {
      this.serial = serial;
      this.code = AlarmCatalogue.standard().get(code);
    }

    AlarmBuilder atSite(String newSite) {
      this.site = newSite;
      return this;
    }

    AlarmEvent raisedAt(Instant at) {
      return edge(AlarmState.RAISED, at);
    }

    AlarmEvent clearedAt(Instant at) {
      return edge(AlarmState.CLEARED, at);
    }

    private AlarmEvent edge(AlarmState state, Instant at) {
      String model = code.deviceClass() == DeviceClass.BMS ? "ESS-200" : "SUN-10K";
      return AlarmEvent.of(
          serial,
          code.deviceClass(),
          model,
          "1.2.0",
          code.code(),
          null,
          state,
          code.defaultSeverity(),
          at,
          SEQ.incrementAndGet(),
          site,
          BATCH);
    }
  }
}
