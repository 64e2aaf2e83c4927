package dev.pdm.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogTest {

  @TempDir Path dir;

  @Test
  void entriesComeOutInTheOrderTheyWentInAcrossSegments() {
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 4096)) {
      for (int i = 0; i < 200; i++) {
        log.append("t/" + i, 1, payload(i), 1000 + i);
      }
      assertThat(segmentFiles()).hasSizeGreaterThan(1);
      assertThat(drain(log)).containsExactlyElementsOf(range(0, 200));
    }
  }

  @Test
  void unacknowledgedEntriesSurviveARestartAndAcknowledgedOnesDoNot() {
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 4096)) {
      for (int i = 0; i < 100; i++) {
        log.append("t", 1, payload(i), i);
      }
      for (int i = 0; i < 40; i++) {
        log.ack(log.next().seq());
      }
    }
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 4096)) {
      assertThat(log.depth()).isEqualTo(60);
      assertThat(drain(log)).containsExactlyElementsOf(range(40, 100));
      log.append("t", 1, payload(100), 100);
      assertThat(drain(log)).containsExactly("p100");
    }
  }

  @Test
  void aCrashWithoutCloseLosesNothingThatWasSynced() {
    SegmentLog crashed = SegmentLog.open(Lane.ALARM, dir, 4096);
    for (int i = 0; i < 50; i++) {
      crashed.append("t", 1, payload(i), i);
    }
    crashed.sync();
    // no close(): the process died here
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 4096)) {
      assertThat(drain(log)).containsExactlyElementsOf(range(0, 50));
    }
  }

  @Test
  void aTornTailIsCutOffAndTheLogKeepsWorking() throws IOException {
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 1 << 20)) {
      for (int i = 0; i < 10; i++) {
        log.append("t", 1, payload(i), i);
      }
    }
    Path segment = segmentFiles().get(0);
    long size = Files.size(segment);
    // Half of a last record, as a crash in the middle of a write leaves it...
    try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(size - 5);
    }
    // ...followed by garbage from a preallocated block.
    Files.write(segment, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, StandardOpenOption.APPEND);
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 1 << 20)) {
      assertThat(log.truncatedBytes()).isPositive();
      assertThat(drain(log)).containsExactlyElementsOf(range(0, 9));
      log.append("t", 1, payload(99), 99);
      assertThat(drain(log)).containsExactly("p99");
    }
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 1 << 20)) {
      assertThat(log.truncatedBytes()).isZero();
      assertThat(drain(log)).containsExactlyElementsOf(concat(range(0, 9), List.of("p99")));
    }
  }

  @Test
  void aCorruptedRecordEndsTheLogAtThatPoint() throws IOException {
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 1 << 20)) {
      for (int i = 0; i < 3; i++) {
        log.append("t", 1, payload(i), i);
      }
    }
    Path segment = segmentFiles().get(0);
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 2] ^= 0x55; // flip bits inside the last payload: its checksum fails
    Files.write(segment, bytes);
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 1 << 20)) {
      assertThat(drain(log)).containsExactly("p0", "p1");
    }
  }

  @Test
  void rewindHandsOutEverythingUnacknowledgedAgainInOrder() {
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 4096)) {
      for (int i = 0; i < 5; i++) {
        log.append("t", 1, payload(i), i);
      }
      QueuedEvent e0 = log.next();
      log.next();
      QueuedEvent e2 = log.next();
      log.ack(e0.seq());
      log.ack(e2.seq());
      assertThat(log.inflight()).isEqualTo(1);
      log.rewind();
      assertThat(drain(log)).containsExactly("p1", "p3", "p4");
      assertThat(log.depth()).isEqualTo(3);
    }
  }

  @Test
  void fullyAcknowledgedSegmentsAreDeleted() {
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 4096)) {
      for (int i = 0; i < 300; i++) {
        log.append("t", 1, payload(i), i);
      }
      int before = segmentFiles().size();
      QueuedEvent e;
      while ((e = log.next()) != null) {
        log.ack(e.seq());
      }
      assertThat(before).isGreaterThan(2);
      assertThat(segmentFiles()).hasSize(1);
      assertThat(log.depth()).isZero();
      assertThat(log.oldestEnqueuedAtMillis()).isEmpty();
    }
  }

  @Test
  void oldestEnqueuedTimeIsThatOfTheFirstUnacknowledgedEntry() {
    try (SegmentLog log = SegmentLog.open(Lane.ALARM, dir, 4096)) {
      log.append("t", 1, payload(0), 1000);
      log.append("t", 1, payload(1), 2000);
      assertThat(log.oldestEnqueuedAtMillis()).contains(1000L);
      log.ack(log.next().seq());
      assertThat(log.oldestEnqueuedAtMillis()).contains(2000L);
    }
  }

  private List<Path> segmentFiles() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<String> drain(SegmentLog log) {
    List<String> out = new ArrayList<>();
    QueuedEvent e;
    while ((e = log.next()) != null) {
      out.add(new String(e.payload(), StandardCharsets.UTF_8));
    }
    return out;
  }

  static byte[] payload(int i) {
    return ("p" + i).getBytes(StandardCharsets.UTF_8);
  }

  static List<String> range(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("p" + i);
    }
    return out;
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
