package dev.pdm.stream.correlation;

import dev.pdm.stream.batchrisk.BatchRiskConfig;
import dev.pdm.stream.predictive.PredictiveConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the correlation part of the job is tuned by, parsed once by the job wiring.
 *
 * @param registryFile the device registry (CSV or JSON) written by the simulators or exported from
 *     the ticket API; a String because {@link Path} is not serializable
 * @param registryRefresh the file's modification time is checked at most this often
 */
public record CorrelationConfig(
    String registryFile,
    Duration registryRefresh,
    IncidentRules incidents,
    BatchRiskConfig batchRisk,
    PredictiveConfig predictive)
    implements Serializable {

  public CorrelationConfig {
    if (registryFile == null || registryFile.isBlank()) {
      throw new IllegalArgumentException("registryFile is required");
    }
  }

  public static CorrelationConfig defaults(Path registryFile) {
    return new CorrelationConfig(
        registryFile.toString(),
        Duration.ofSeconds(30),
        IncidentRules.defaults(),
        BatchRiskConfig.defaults(),
        PredictiveConfig.defaults());
  }

  public Path registryPath() {
    return Path.of(registryFile);
  }
}
