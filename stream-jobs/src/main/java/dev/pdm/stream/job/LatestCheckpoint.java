package dev.pdm.stream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete retained checkpoint under a checkpoint directory, laid out by Flink as
 * {@code <dir>/<job-id>/chk-<n>/_metadata}. Only a checkpoint with its {@code _metadata} file is
 * complete; a directory without one was being written when the process died.
 */
public final class LatestCheckpoint {

  private LatestCheckpoint() {}

  public static Optional<Path> in(Path checkpointDir) {
    if (!Files.isDirectory(checkpointDir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(checkpointDir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(LatestCheckpoint::checkpointsOf)
          .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
          .max(
              Comparator.comparing(LatestCheckpoint::metadataTime)
                  .thenComparing(LatestCheckpoint::number));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> checkpointsOf(Path jobDir) {
    try (Stream<Path> entries = Files.list(jobDir)) {
      return entries.filter(p -> p.getFileName().toString().matches("chk-\\d+")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTime metadataTime(Path chk) {
    try {
      return Files.getLastModifiedTime(chk.resolve("_metadata"));
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long number(Path chk) {
    return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
  }
}
