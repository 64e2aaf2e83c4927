package dev.pdm.simulators.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pdm.model.codec.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Ground truth as JSON lines: one {@link GroundTruthFault} object per line. */
public final class GroundTruthFiles {

  private GroundTruthFiles() {}

  public static void write(Path file, List<GroundTruthFault> faults) {
    StringBuilder out = new StringBuilder();
    for (GroundTruthFault f : faults) {
      out.append(EventCodec.encodeToString(f)).append('\n');
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<GroundTruthFault> read(Path file) {
    List<GroundTruthFault> faults = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          faults.add(EventCodec.mapper().readValue(line, GroundTruthFault.class));
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "ground truth " + file + " is not valid: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return faults;
  }
}
