package dev.pdm.rules.decision;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.model.device.DeviceClass;
import java.time.Instant;
import java.util.List;

/**
 * A batch-risk signal as the rules see it. {@code ended} marks the one version that closes an
 * episode: the batch is back to the fleet's rate.
 */
public record BatchSignalFact(
    String signalId,
    long version,
    String batch,
    DeviceClass deviceClass,
    String model,
    String failureMode,
    int affectedDevices,
    int population,
    List<String> affectedSerials,
    double batchRate,
    double rateRatio,
    double confidence,
    String method,
    Instant firstDetected,
    Instant detectedAt,
    boolean ended) {

  public static BatchSignalFact of(BatchRiskSignal s) {
    return new BatchSignalFact(
        s.signalId(),
        s.version(),
        s.batch(),
        s.deviceClass(),
        s.model(),
        s.failureMode(),
        s.affectedDevices(),
        s.population(),
        s.affectedSerials(),
        s.batchRate(),
        s.rateRatio(),
        s.confidence(),
        s.method(),
        s.firstDetected(),
        s.detectedAt(),
        s.status() == BatchRiskStatus.ENDED);
  }
}
