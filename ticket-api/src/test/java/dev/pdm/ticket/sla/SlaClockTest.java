package dev.pdm.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlaClockTest {

  static final BusinessCalendar OFFICE = BusinessCalendarTest.OFFICE;
  static final Instant MONDAY_9AM = Instant.parse("2026-03-02T01:00:00Z");
  static final Instant MONDAY_10AM = MONDAY_9AM.plus(Duration.ofHours(1));
  static final Instant TUESDAY_9AM = MONDAY_9AM.plus(Duration.ofDays(1));
  static final SlaLevels LEVELS = new SlaLevels(0.8, 0.5, 3);

  @Test
  void aRunningClockIsDueAfterItsTargetInBusinessTime() {
    SlaClock clock = SlaClock.start(Duration.ofHours(4), MONDAY_9AM);
    assertThat(clock.due(OFFICE)).isEqualTo(MONDAY_9AM.plus(Duration.ofHours(4)));
  }

  @Test
  void pausingAndResumingAddsThePausedTimeToTheDeadline() {
    SlaClock clock = SlaClock.start(Duration.ofHours(4), MONDAY_9AM);

    SlaClock paused = clock.pause(OFFICE, MONDAY_10AM);
    assertThat(paused.used(OFFICE, TUESDAY_9AM)).isEqualTo(Duration.ofHours(1));

    SlaClock resumed = paused.resume(TUESDAY_9AM);
    // 3 h were left at the pause; they run from Tuesday 09:00
    assertThat(resumed.due(OFFICE)).isEqualTo(TUESDAY_9AM.plus(Duration.ofHours(3)));
  }

  @Test
  void pausingTwiceDoesNotCountTheSecondPause() {
    SlaClock paused = SlaClock.start(Duration.ofHours(4), MONDAY_9AM).pause(OFFICE, MONDAY_10AM);
    assertThat(paused.pause(OFFICE, TUESDAY_9AM)).isEqualTo(paused);
  }

  @Test
  void levelsFireAtTheWarningFractionTheBreachAndEachStepAfter() {
    SlaClock clock = SlaClock.start(Duration.ofHours(10), Instant.parse("2026-03-03T00:00:00Z"));
    BusinessCalendar always = BusinessCalendar.roundTheClock(OFFICE.zone());
    assertThat(clock.instantAt(always, LEVELS.fraction(0)))
        .isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
    assertThat(clock.instantAt(always, LEVELS.fraction(1)))
        .isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
    assertThat(clock.instantAt(always, LEVELS.fraction(2)))
        .isEqualTo(Instant.parse("2026-03-03T15:00:00Z"));
    assertThat(clock.instantAt(always, LEVELS.fraction(3)))
        .isEqualTo(Instant.parse("2026-03-03T20:00:00Z"));
    assertThat(LEVELS.done()).isEqualTo(4);
  }

  @Test
  void aLevelAlreadyPassedBeforeAPauseIsDueImmediatelyOnResume() {
    SlaClock clock = SlaClock.start(Duration.ofHours(1), MONDAY_9AM);
    SlaClock resumed =
        clock.pause(OFFICE, MONDAY_9AM.plus(Duration.ofMinutes(55))).resume(TUESDAY_9AM);
    assertThat(resumed.instantAt(OFFICE, 0.8)).isEqualTo(TUESDAY_9AM);
    assertThat(resumed.due(OFFICE)).isEqualTo(TUESDAY_9AM.plus(Duration.ofMinutes(5)));
  }
}
