package dev.pdm.simulators.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimClockTest {

  static final Instant SIM_START = Instant.parse("2025-06-01T00:00:00Z");

  @Test
  void simulatedTimeRunsAtTheSpeedFactor() {
    AtomicLong wallNanos = new AtomicLong(5_000);
    SimClock clock = new SimClock(SIM_START, 3600, wallNanos::get);

    assertThat(clock.now()).isEqualTo(SIM_START);
    wallNanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(clock.now()).isEqualTo(SIM_START.plus(Duration.ofHours(2)));
  }

  @Test
  void realTimeClockKeepsDeviceTimeEqualToWallTimeElapsed() {
    AtomicLong wallNanos = new AtomicLong();
    SimClock clock = new SimClock(SIM_START, 1, wallNanos::get);
    wallNanos.addAndGet(Duration.ofMillis(1500).toNanos());
    assertThat(clock.nowMillis() - SIM_START.toEpochMilli()).isEqualTo(1500);
  }

  @Test
  void aMonthAt3600xTakesTwelveWallClockMinutes() {
    SimClock clock = SimClock.startingNow(SIM_START, 3600);
    assertThat(clock.wallTimeFor(Duration.ofDays(30))).isEqualTo(Duration.ofMinutes(12));
  }

  @Test
  void rejectsANonPositiveSpeed() {
    assertThatThrownBy(() -> new SimClock(SIM_START, 0, System::nanoTime))
        .hasMessageContaining("speed");
  }
}
