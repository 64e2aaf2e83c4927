package dev.pdm.ticket.ingest;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Intent-named builders for incidents and batch signals as the stream job publishes them. */
public final class Incidents {

  public static final String GROUND_FAULT = "sunspec-inv:GROUND_FAULT";
  public static final String DC_OVER_VOLT = "sunspec-inv:DC_OVER_VOLT";
  public static final String OVER_TEMP = "sunspec-inv:OVER_TEMP";
  public static final String MANUAL_SHUTDOWN = "sunspec-inv:MANUAL_SHUTDOWN";
  public static final String HEATSINK_TEMP_RISE = "pdm-predict:HEATSINK_TEMP_RISE";

  private Incidents() {}

  /** A fault that started a minute ago, so time-based rules see it as fresh. */
  public static Builder fault(String serial, String code, Severity severity) {
    return new Builder(serial, code, severity, IncidentKind.FAULT);
  }

  public static Builder predictive(String serial, String code) {
    return new Builder(serial, code, Severity.WARNING, IncidentKind.PREDICTIVE);
  }

  /** A batch-risk signal for {@code batch} naming the affected serials. */
  public static BatchRiskSignal batchSignal(
      String batch, String failureMode, Instant firstDetected, List<String> serials) {
    return new BatchRiskSignal(
        Schema.VERSION,
        null,
        1,
        batch,
        DeviceClass.INVERTER,
        "SG110CX",
        List.of("V1.2.3"),
        failureMode,
        serials.size(),
        40,
        serials,
        serials.size() / 40.0,
        0.01,
        serials.size() / 40.0 / 0.01,
        0.999,
        5.2,
        4.6,
        "SPRT(p0=0.01,p1=0.05,alpha=0.001,beta=0.01)",
        firstDetected.minus(Duration.ofDays(7)),
        firstDetected,
        firstDetected,
        firstDetected);
  }

  /** Builds one version of one incident. */
  public static final class Builder {
    private final String serial;
    private final String code;
    private final Severity severity;
    private final IncidentKind kind;
    private Instant firstSeen =
        Instant.now()
            .minus(Duration.ofMinutes(1))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private long version = 1;
    private int occurrences = 1;
    private String site = "SITE-1";

    private Builder(String serial, String code, Severity severity, IncidentKind kind) {
      this.serial = serial;
      this.code = code;
      this.severity = severity;
      this.kind = kind;
    }

    public Builder firstSeen(Instant at) {
      this.firstSeen = at;
      return this;
    }

    public Builder version(long v) {
      this.version = v;
      return this;
    }

    public Builder site(String siteId) {
      this.site = siteId;
      return this;
    }

    public Builder occurrences(int n) {
      this.occurrences = n;
      return this;
    }

    public Incident build() {
      return new Incident(
          Schema.VERSION,
          null,
          version,
          kind,
          IncidentStatus.ACTIVE,
          serial,
          DeviceClass.INVERTER,
          "SG110CX",
          "V1.2.3",
          null,
          site,
          code,
          List.of(code),
          severity,
          firstSeen,
          firstSeen.plusSeconds(30 * (occurrences - 1)),
          null,
          occurrences,
          false,
          0,
          List.of(),
          List.of(),
          "test incident");
    }
  }
}
