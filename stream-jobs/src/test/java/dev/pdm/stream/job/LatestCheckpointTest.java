package dev.pdm.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestCheckpointTest {

  @TempDir Path dir;

  @Test
  void anEmptyOrMissingDirectoryHasNoCheckpoint() {
    assertThat(LatestCheckpoint.in(dir)).isEmpty();
    assertThat(LatestCheckpoint.in(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void theNewestCompleteCheckpointAcrossJobRunsWins() throws Exception {
    Path older = checkpoint("job-a", 7, 1_000);
    Path newer = checkpoint("job-b", 9, 2_000);
    Files.createDirectories(dir.resolve("job-b/chk-10")); // being written when the process died
    Files.createDirectories(dir.resolve("job-b/shared"));

    assertThat(LatestCheckpoint.in(dir)).contains(newer);
    assertThat(older).exists();
  }

  private Path checkpoint(String job, int n, long mtime) throws Exception {
    Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
    Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(mtime));
    return chk;
  }
}
