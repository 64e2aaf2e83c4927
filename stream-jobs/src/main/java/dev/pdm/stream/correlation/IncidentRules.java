package dev.pdm.stream.correlation;

import dev.pdm.model.event.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * How alarms of one device fold into incidents (Alertmanager grouping, Prometheus {@code for} and
 * {@code keep_firing_for}).
 *
 * @param groupWindow codes raised within this time after an incident opened join it
 * @param flapTransitions raise/clear edges within {@code flapWindow} that mark an incident flapping
 * @param flapWindow the window those edges are counted in
 * @param keepFiringFor how long a flapping incident stays open after its codes all cleared
 * @param clearHold how long all codes must stay clear before the incident is CLEARED
 * @param warningPendingFor how long a WARNING (or INFO) raise must persist before it counts
 * @param warningSustainFor a WARNING incident still raised this long after its first raise (device
 *     time) is published once more at that moment, so that a quiet warning is decided again when it
 *     has lasted long enough to matter (the rules judge its duration from the version's {@code
 *     asOf})
 * @param pendingByCode per-code pending time, overriding the severity default
 * @param repeatThrottle repeats while active are published at most once per this period
 * @param allowedLateness alarms behind their site's time by up to this are still correlated (a
 *     device that reconnects with what it buffered); event ids are remembered as long
 * @param evidenceSamples telemetry samples kept per device as evidence (the newest)
 * @param evidenceWindow and no older than this before the newest alarm
 * @param maxSuppressedPerIncident suppressed symptoms recorded per incident (the oldest kept)
 * @param deviceStateTtl safety net in processing time: a device's incident state (and a site's
 *     causes) not written for this long is dropped, e.g. a device that died with a raised code
 */
public record IncidentRules(
    Duration groupWindow,
    int flapTransitions,
    Duration flapWindow,
    Duration keepFiringFor,
    Duration clearHold,
    Duration warningPendingFor,
    Duration warningSustainFor,
    Map<String, Duration> pendingByCode,
    Duration repeatThrottle,
    Duration allowedLateness,
    int evidenceSamples,
    Duration evidenceWindow,
    int maxSuppressedPerIncident,
    Duration deviceStateTtl)
    implements Serializable {

  public IncidentRules {
    pendingByCode = Map.copyOf(pendingByCode);
    if (flapTransitions < 2) {
      throw new IllegalArgumentException("flapTransitions must be >= 2");
    }
    if (warningSustainFor.compareTo(warningPendingFor) < 0) {
      throw new IllegalArgumentException("warningSustainFor must be >= warningPendingFor");
    }
    if (evidenceSamples < 0 || maxSuppressedPerIncident < 0) {
      throw new IllegalArgumentException("evidenceSamples and maxSuppressed must be >= 0");
    }
  }

  public static IncidentRules defaults() {
    return new IncidentRules(
        Duration.ofSeconds(30),
        4,
        Duration.ofMinutes(10),
        Duration.ofMinutes(15),
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        Duration.ofMinutes(60),
        Map.of(),
        Duration.ofMinutes(5),
        Duration.ofHours(24),
        30,
        Duration.ofMinutes(15),
        100,
        Duration.ofDays(30));
  }

  /** The {@code for} of a raise: per-code override, else WARNING and INFO wait, the rest do not. */
  public Duration pendingFor(String code, Severity severity) {
    Duration byCode = pendingByCode.get(code);
    if (byCode != null) {
      return byCode;
    }
    return severity.atLeast(Severity.MAJOR) ? Duration.ZERO : warningPendingFor;
  }
}
