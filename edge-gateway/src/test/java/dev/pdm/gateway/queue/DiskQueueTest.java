package dev.pdm.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {

  private static final byte[] KB = new byte[1000];

  @TempDir Path dir;

  @Test
  void alarmsAreHandedOutBeforeTelemetryAndEachLaneKeepsItsOrder() {
    try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 4096)) {
      q.append(Lane.TELEMETRY, "tel", 1, bytes("t1"), 1);
      q.append(Lane.ALARM, "alarm", 1, bytes("a1"), 2);
      q.append(Lane.TELEMETRY, "tel", 1, bytes("t2"), 3);
      q.append(Lane.ALARM, "alarm", 1, bytes("a2"), 4);
      assertThat(drain(q)).containsExactly("a1", "a2", "t1", "t2");
    }
  }

  @Test
  void aLiveAlarmOvertakesATelemetryBacklog() {
    try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 4096)) {
      for (int i = 0; i < 100; i++) {
        q.append(Lane.TELEMETRY, "tel", 1, bytes("t" + i), i);
      }
      q.next();
      q.next();
      q.append(Lane.ALARM, "alarm", 1, bytes("live"), 1000);
      assertThat(new String(q.next().payload(), StandardCharsets.UTF_8)).isEqualTo("live");
    }
  }

  @Test
  void whenTheBudgetIsReachedTheOldestTelemetryIsDroppedAndNoAlarm() {
    long budget = 64 * 1024;
    try (DiskQueue q = DiskQueue.open(dir, budget, 8 * 1024)) {
      int alarms = 0;
      for (int i = 0; i < 300; i++) {
        assertThat(q.append(Lane.TELEMETRY, "tel", 1, KB, i))
            .isNotEqualTo(DiskQueue.Appended.REFUSED);
        if (i % 10 == 0) {
          assertThat(q.append(Lane.ALARM, "alarm", 1, KB, i)).isEqualTo(DiskQueue.Appended.STORED);
          alarms++;
        }
        assertThat(q.bytes()).isLessThanOrEqualTo(budget);
      }
      assertThat(q.droppedTelemetry()).isPositive();
      assertThat(q.depth(Lane.ALARM)).isEqualTo(alarms);
      assertThat(q.depth(Lane.TELEMETRY) + q.droppedTelemetry()).isEqualTo(300);
    }
  }

  @Test
  void anAlarmThatDoesNotFitIsRefusedNotDroppedAndFitsOnceTheUplinkDrained() {
    long budget = 64 * 1024;
    try (DiskQueue q = DiskQueue.open(dir, budget, 8 * 1024)) {
      int stored = 0;
      while (q.append(Lane.ALARM, "alarm", 1, KB, 0) == DiskQueue.Appended.STORED) {
        stored++;
      }
      assertThat(q.alarmsRefused()).isEqualTo(1);
      assertThat(q.depth(Lane.ALARM)).isEqualTo(stored);
      for (int i = 0; i < 20; i++) {
        q.ack(q.next());
      }
      assertThat(q.append(Lane.ALARM, "alarm", 1, KB, 0)).isEqualTo(DiskQueue.Appended.STORED);
    }
  }

  @Test
  void droppedTelemetryIsCountedAcrossARestartAndTheRestStillDrainsInOrder() {
    try (DiskQueue q = DiskQueue.open(dir, 64 * 1024, 8 * 1024)) {
      for (int i = 0; i < 200; i++) {
        q.append(
            Lane.TELEMETRY,
            "tel",
            1,
            (i + ":" + "x".repeat(990)).getBytes(StandardCharsets.UTF_8),
            i);
      }
    }
    try (DiskQueue q = DiskQueue.open(dir, 64 * 1024, 8 * 1024)) {
      List<Integer> seen = new ArrayList<>();
      QueuedEvent e;
      while ((e = q.next()) != null) {
        String s = new String(e.payload(), StandardCharsets.UTF_8);
        seen.add(Integer.parseInt(s.substring(0, s.indexOf(':'))));
      }
      assertThat(seen).isSorted().isNotEmpty().endsWith(199);
    }
  }

  static List<String> drain(DiskQueue q) {
    List<String> out = new ArrayList<>();
    QueuedEvent e;
    while ((e = q.next()) != null) {
      out.add(new String(e.payload(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
