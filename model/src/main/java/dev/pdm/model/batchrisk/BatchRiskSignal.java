package dev.pdm.model.batchrisk;

import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireFinite;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireSchemaVersion;
import static dev.pdm.model.codec.Validation.requireText;

import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.EventIds;
import java.time.Instant;
import java.util.List;

/**
 * A manufacturing batch failing one way more often than the fleet does. Re-published with a higher
 * {@code version} only when the counts or the confidence change materially.
 *
 * @param failureMode the catalogue's failure family (e.g. {@code thermal}, {@code insulation})
 * @param affectedDevices distinct serials of the batch with that failure mode in the window
 * @param population devices of the batch in the registry
 * @param batchRate affectedDevices / population
 * @param fleetRate the same rate over the rest of the fleet of that device class (the baseline)
 * @param rateRatio batchRate / fleetRate (fleetRate floored to avoid division by zero)
 * @param confidence 1 - the false-alarm probability bound of the test that fired, in [0, 1]
 * @param statistic the sequential test's statistic (log-likelihood ratio for SPRT)
 * @param threshold the bound the statistic crossed
 * @param method the test, e.g. {@code SPRT(p0=..,p1=..,alpha=..,beta=..)}
 * @param status ACTIVE while the episode lasts, ENDED on the one version that closes it (the counts
 *     are then those of the window that ended it); absent (older producers) means ACTIVE
 */
public record BatchRiskSignal(
    int schemaVersion,
    String signalId,
    long version,
    String batch,
    DeviceClass deviceClass,
    String model,
    List<String> firmwares,
    String failureMode,
    int affectedDevices,
    int population,
    List<String> affectedSerials,
    double batchRate,
    double fleetRate,
    double rateRatio,
    double confidence,
    double statistic,
    double threshold,
    String method,
    Instant windowStart,
    Instant windowEnd,
    Instant firstDetected,
    Instant detectedAt,
    BatchRiskStatus status) {

  public BatchRiskSignal {
    requireSchemaVersion(schemaVersion);
    if (version < 1) {
      throw new InvalidEventException("version", "must be >= 1 but was " + version);
    }
    requireIdentifier("batch", batch);
    require("deviceClass", deviceClass);
    requireText("model", model);
    firmwares = List.copyOf(require("firmwares", firmwares));
    requireText("failureMode", failureMode);
    if (population < 1) {
      throw new InvalidEventException("population", "must be >= 1 but was " + population);
    }
    if (affectedDevices < 0 || affectedDevices > population) {
      throw new InvalidEventException(
          "affectedDevices", affectedDevices + " is outside 0.." + population);
    }
    affectedSerials = List.copyOf(require("affectedSerials", affectedSerials));
    requireFinite("batchRate", batchRate);
    requireFinite("fleetRate", fleetRate);
    requireFinite("rateRatio", rateRatio);
    requireFinite("confidence", confidence);
    if (confidence < 0 || confidence > 1) {
      throw new InvalidEventException("confidence", confidence + " is outside 0..1");
    }
    requireFinite("statistic", statistic);
    requireFinite("threshold", threshold);
    requireText("method", method);
    require("windowStart", windowStart);
    require("windowEnd", windowEnd);
    require("firstDetected", firstDetected);
    require("detectedAt", detectedAt);
    if (status == null) {
      status = BatchRiskStatus.ACTIVE;
    }
    String expected = EventIds.batchSignalId(batch, failureMode, firstDetected);
    if (signalId == null) {
      signalId = expected;
    } else if (!signalId.equals(expected)) {
      throw new InvalidEventException(
          "signalId",
          "does not match batch, failureMode and firstDetected (expected " + expected + ")");
    }
  }

  /** An ACTIVE signal: the shape of the record before {@code status} existed. */
  public BatchRiskSignal(
      int schemaVersion,
      String signalId,
      long version,
      String batch,
      DeviceClass deviceClass,
      String model,
      List<String> firmwares,
      String failureMode,
      int affectedDevices,
      int population,
      List<String> affectedSerials,
      double batchRate,
      double fleetRate,
      double rateRatio,
      double confidence,
      double statistic,
      double threshold,
      String method,
      Instant windowStart,
      Instant windowEnd,
      Instant firstDetected,
      Instant detectedAt) {
    this(
        schemaVersion,
        signalId,
        version,
        batch,
        deviceClass,
        model,
        firmwares,
        failureMode,
        affectedDevices,
        population,
        affectedSerials,
        batchRate,
        fleetRate,
        rateRatio,
        confidence,
        statistic,
        threshold,
        method,
        windowStart,
        windowEnd,
        firstDetected,
        detectedAt,
        BatchRiskStatus.ACTIVE);
  }
}
