package dev.pdm.stream.quality;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import dev.pdm.simulators.scenario.ExpectedOutcome;
import dev.pdm.simulators.scenario.FaultKind;
import dev.pdm.simulators.scenario.GroundTruthFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Scores what the job published (incidents and batch-risk signals, every version) against the
 * simulators' ground truth. Plain Java: the figures the quality run prints and the small test
 * asserts.
 *
 * @param months simulated months (30 days) the run covered
 * @param batches what happened to each defective batch
 * @param healthyBatches batches of the registry that were not defective
 * @param falseBatchEpisodes batch-risk episodes (distinct signal ids) on healthy batches, or on a
 *     defective batch for another failure family
 * @param predictions each fault that expected a predictive ticket, and what the job did
 * @param falsePredictive predictive incidents on devices without a fault expecting one, by code
 * @param deviceFaults faults expecting a device or flapping ticket whose alarm fell in the range
 * @param missedDeviceFaults those with no FAULT incident of one of their codes on their device
 */
record DetectionScore(
    double months,
    List<BatchOutcome> batches,
    int healthyBatches,
    List<BatchRiskSignal> falseBatchEpisodes,
    Map<String, Set<String>> scenarioFaultsBySerial,
    List<Prediction> predictions,
    Map<String, Integer> falsePredictive,
    List<Incident> falsePredictiveExamples,
    int deviceFaults,
    List<GroundTruthFault> missedDeviceFaults) {

  /**
   * @param failuresBeforeSignal the batch's defective devices whose first alarm came before the
   *     first signal, null when never signalled
   * @param firstSignal the first ACTIVE version of the first episode for the batch's failure family
   */
  record BatchOutcome(
      String batch,
      String family,
      int defectiveDevices,
      Instant firstFailure,
      Integer failuresBeforeSignal,
      BatchRiskSignal firstSignal,
      boolean ended) {

    Duration firstFailureToSignal() {
      return firstSignal == null ? null : Duration.between(firstFailure, firstSignal.detectedAt());
    }
  }

  /**
   * @param predictedAt firstSeen of the first ACTIVE predictive incident of the expected code, null
   *     when none came before the alarm
   */
  record Prediction(GroundTruthFault fault, String code, Instant predictedAt) {

    Duration leadTime() {
      return predictedAt == null ? null : Duration.between(predictedAt, fault.firstAlarmAt());
    }

    Duration afterDriftBegan() {
      return predictedAt == null ? null : Duration.between(fault.startedAt(), predictedAt);
    }
  }

  static DetectionScore of(
      List<GroundTruthFault> faults,
      Set<String> allBatches,
      List<Incident> incidents,
      List<BatchRiskSignal> signals,
      Instant from,
      Instant to) {
    AlarmCatalogue catalogue = AlarmCatalogue.standard();
    double months = Duration.between(from, to).toMillis() / (30.0 * 86_400_000);

    // First version of each batch-risk episode, and whether it was closed.
    Map<String, BatchRiskSignal> episodes = new LinkedHashMap<>();
    Set<String> endedEpisodes = new HashSet<>();
    for (BatchRiskSignal s :
        signals.stream().sorted(Comparator.comparing(BatchRiskSignal::detectedAt)).toList()) {
      if (s.status() == BatchRiskStatus.ENDED) {
        endedEpisodes.add(s.signalId());
      } else {
        episodes.merge(s.signalId(), s, (a, b) -> a.version() <= b.version() ? a : b);
      }
    }

    List<BatchOutcome> batches = new ArrayList<>();
    Set<String> trueEpisodes = new HashSet<>();
    for (GroundTruthFault batch : faults) {
      if (batch.kind() != FaultKind.DEFECTIVE_BATCH) {
        continue;
      }
      String family = family(catalogue, batch.codes().get(0));
      List<Instant> failures =
          faults.stream()
              .filter(f -> f.kind() == FaultKind.DEFECTIVE_BATCH_DEVICE)
              .filter(f -> batch.batch().equals(f.batch()) && f.firstAlarmAt() != null)
              .map(GroundTruthFault::firstAlarmAt)
              .sorted()
              .toList();
      Optional<BatchRiskSignal> first =
          episodes.values().stream()
              .filter(s -> s.batch().equals(batch.batch()) && s.failureMode().equals(family))
              .min(Comparator.comparing(BatchRiskSignal::detectedAt));
      first.ifPresent(s -> trueEpisodes.add(s.signalId()));
      episodes.values().stream()
          .filter(s -> s.batch().equals(batch.batch()) && s.failureMode().equals(family))
          .forEach(s -> trueEpisodes.add(s.signalId()));
      batches.add(
          new BatchOutcome(
              batch.batch(),
              family,
              failures.size(),
              failures.isEmpty() ? null : failures.get(0),
              first
                  .map(s -> (int) failures.stream().filter(t -> t.isBefore(s.detectedAt())).count())
                  .orElse(null),
              first.orElse(null),
              first.map(s -> endedEpisodes.contains(s.signalId())).orElse(false)));
    }
    List<BatchRiskSignal> falseEpisodes =
        episodes.values().stream().filter(s -> !trueEpisodes.contains(s.signalId())).toList();
    // What else was injected on each device (a degrading inverter is a thermal failure too).
    Map<String, Set<String>> scenarioFaults = new TreeMap<>();
    for (GroundTruthFault f : faults) {
      if (f.kind() != FaultKind.BACKGROUND_FAULT && f.kind() != FaultKind.MAINTENANCE_NOISE) {
        for (String serial : f.serials()) {
          scenarioFaults.computeIfAbsent(serial, k -> new TreeSet<>()).add(f.kind().name());
        }
      }
    }
    Set<String> defective = batches.stream().map(BatchOutcome::batch).collect(Collectors.toSet());
    int healthy = (int) allBatches.stream().filter(b -> !defective.contains(b)).count();

    // Predictions: the first ACTIVE predictive incident of the expected code on the device.
    Map<String, List<Incident>> predictiveBySerial =
        incidents.stream()
            .filter(i -> i.kind() == IncidentKind.PREDICTIVE)
            .filter(i -> i.status() == IncidentStatus.ACTIVE)
            .collect(Collectors.groupingBy(Incident::serial));
    List<Prediction> predictions = new ArrayList<>();
    Set<String> expectingPrediction = new HashSet<>();
    for (GroundTruthFault f : faults) {
      if (f.expected() != ExpectedOutcome.PREDICTIVE_TICKET || f.firstAlarmAt() == null) {
        continue;
      }
      String code = f.codes().get(0);
      expectingPrediction.add(f.serial());
      Instant predicted =
          predictiveBySerial.getOrDefault(f.serial(), List.of()).stream()
              .filter(i -> i.primaryCode().equals(code))
              .map(Incident::firstSeen)
              .filter(t -> !t.isBefore(f.startedAt()) && t.isBefore(f.firstAlarmAt()))
              .min(Comparator.naturalOrder())
              .orElse(null);
      predictions.add(new Prediction(f, code, predicted));
    }
    Map<String, Integer> falsePredictive = new TreeMap<>();
    Map<String, Incident> falseFirstVersions = new TreeMap<>();
    predictiveBySerial.forEach(
        (serial, list) -> {
          if (!expectingPrediction.contains(serial)) {
            for (Incident i : list) {
              falseFirstVersions.merge(
                  i.incidentId(), i, (a, b) -> a.version() <= b.version() ? a : b);
            }
          }
        });
    falseFirstVersions
        .values()
        .forEach(i -> falsePredictive.merge(i.primaryCode(), 1, Integer::sum));

    // Device faults: a FAULT incident of one of the fault's codes on its device, first seen
    // between the first alarm and the fault's end.
    Map<String, List<Incident>> faultBySerial =
        incidents.stream()
            .filter(i -> i.kind() == IncidentKind.FAULT)
            .collect(Collectors.groupingBy(Incident::serial));
    List<GroundTruthFault> deviceFaults =
        faults.stream()
            .filter(
                f ->
                    f.expected() == ExpectedOutcome.DEVICE_TICKET
                        || f.expected() == ExpectedOutcome.ONE_TICKET_FLAPPING
                        || f.expected() == ExpectedOutcome.PREDICTIVE_TICKET)
            .filter(f -> f.serial() != null && f.firstAlarmAt() != null)
            .filter(f -> f.firstAlarmAt().isBefore(to))
            .toList();
    List<GroundTruthFault> missed = new ArrayList<>();
    for (GroundTruthFault f : deviceFaults) {
      boolean seen =
          faultBySerial.getOrDefault(f.serial(), List.of()).stream()
              .anyMatch(
                  i ->
                      i.codes().stream().anyMatch(f.codes()::contains)
                          && !i.firstSeen().isBefore(f.firstAlarmAt().minusSeconds(1))
                          && !i.firstSeen().isAfter(f.endedAt()));
      if (!seen) {
        missed.add(f);
      }
    }
    return new DetectionScore(
        months,
        batches,
        healthy,
        falseEpisodes,
        scenarioFaults,
        predictions,
        falsePredictive,
        List.copyOf(falseFirstVersions.values()),
        deviceFaults.size(),
        missed);
  }

  private static String family(AlarmCatalogue catalogue, String code) {
    return catalogue.find(code).map(AlarmCode::family).orElse("unknown");
  }

  /** The figures as text, one fact a line. */
  String report(String title) {
    StringBuilder b = new StringBuilder();
    b.append("QUALITY ").append(title).append(String.format(" (%.2f simulated months)%n", months));
    for (BatchOutcome o : batches) {
      b.append(
          String.format(
              "  defective batch %s (%s): %d defective devices, first failure %s; ",
              o.batch(), o.family(), o.defectiveDevices(), o.firstFailure()));
      if (o.firstSignal() == null) {
        b.append("NOT signalled\n");
      } else {
        b.append(
            String.format(
                "signalled at %s after %d failures (signal counts %d of %d affected, ratio %.1f,"
                    + " confidence %.5f), %.1f days after the first failure%s%n",
                o.firstSignal().detectedAt(),
                o.failuresBeforeSignal(),
                o.firstSignal().affectedDevices(),
                o.firstSignal().population(),
                o.firstSignal().rateRatio(),
                o.firstSignal().confidence(),
                o.firstFailureToSignal().toMinutes() / 1440.0,
                o.ended() ? "; episode ENDED later" : ""));
      }
    }
    b.append(
        String.format(
            "  false batch episodes: %d on %d healthy batches (%.2f per simulated month)%n",
            falseBatchEpisodes.size(), healthyBatches, falseBatchEpisodes.size() / months));
    for (BatchRiskSignal s : falseBatchEpisodes) {
      long injected =
          s.affectedSerials().stream().filter(scenarioFaultsBySerial::containsKey).count();
      b.append(
          String.format(
              "    %s/%s at %s: %d of %d affected, %d of them carrying a scenario fault %s%n",
              s.batch(),
              s.failureMode(),
              s.detectedAt(),
              s.affectedDevices(),
              s.population(),
              injected,
              s.affectedSerials().stream()
                  .filter(scenarioFaultsBySerial::containsKey)
                  .map(scenarioFaultsBySerial::get)
                  .toList()));
    }
    Map<String, List<Prediction>> byCode =
        predictions.stream()
            .collect(Collectors.groupingBy(Prediction::code, TreeMap::new, Collectors.toList()));
    byCode.forEach(
        (code, list) -> {
          List<Prediction> hit = list.stream().filter(p -> p.predictedAt() != null).toList();
          b.append(
              String.format(
                  "  predictive %s: %d of %d predicted before the alarm; lead times (h) %s;"
                      + " after drift began (h) %s%n",
                  code,
                  hit.size(),
                  list.size(),
                  hit.stream().map(p -> hours(p.leadTime())).toList(),
                  hit.stream().map(p -> hours(p.afterDriftBegan())).toList()));
        });
    b.append(
        String.format(
            "  false predictive incidents: %s (%.2f per simulated month)%n",
            falsePredictive,
            falsePredictive.values().stream().mapToInt(Integer::intValue).sum() / months));
    falsePredictiveExamples.stream()
        .limit(5)
        .forEach(
            i ->
                b.append(
                    String.format(
                        "    e.g. %s %s at %s: %s%n",
                        i.serial(), i.primaryCode(), i.firstSeen(), i.reason())));
    b.append(
        String.format(
            "  device faults with an alarm in range: %d, missed (no FAULT incident): %d %s%n",
            deviceFaults,
            missedDeviceFaults.size(),
            missedDeviceFaults.stream()
                .map(f -> f.faultId() + ":" + f.serial() + ":" + f.codes())
                .limit(10)
                .toList()));
    return b.toString();
  }

  private static String hours(Duration d) {
    return String.format("%.1f", d.toMinutes() / 60.0);
  }
}
