package dev.pdm.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final LocalDate HOLIDAY_MONDAY = LocalDate.of(2026, 3, 9);
  static final BusinessCalendar OFFICE =
      new BusinessCalendar(
          SHANGHAI,
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
          LocalTime.of(8, 0),
          LocalTime.of(18, 0),
          false,
          Set.of(HOLIDAY_MONDAY));

  /** Friday 2026-03-06 17:00 in Shanghai. */
  static final Instant FRIDAY_5PM = Instant.parse("2026-03-06T09:00:00Z");

  @Test
  void aTargetCrossingAWeekendAndAHolidayResumesOnTheNextWorkingDay() {
    // 1 h left on Friday; Saturday, Sunday and the holiday Monday do not count; 3 h on Tuesday
    Instant due = OFFICE.plus(FRIDAY_5PM, Duration.ofHours(4));

    assertThat(due).isEqualTo(Instant.parse("2026-03-10T03:00:00Z")); // Tue 11:00 Shanghai
    assertThat(OFFICE.between(FRIDAY_5PM, due)).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void timeBeforeOpeningCountsFromOpening() {
    Instant mondayMorning = Instant.parse("2026-03-02T22:00:00Z"); // Tue 06:00 Shanghai
    assertThat(OFFICE.plus(mondayMorning, Duration.ofMinutes(30)))
        .isEqualTo(Instant.parse("2026-03-03T00:30:00Z")); // Tue 08:30
  }

  @Test
  void aTargetEndingExactlyAtClosingTimeEndsThatDay() {
    Instant tuesday8am = Instant.parse("2026-03-03T00:00:00Z");
    assertThat(OFFICE.plus(tuesday8am, Duration.ofHours(10)))
        .isEqualTo(Instant.parse("2026-03-03T10:00:00Z")); // Tue 18:00
  }

  @Test
  void theSameHoursInAnotherZoneGiveOtherInstants() {
    BusinessCalendar berlin = OFFICE.in(ZoneId.of("Europe/Berlin"));
    Instant tuesday0700Utc = Instant.parse("2026-03-03T07:00:00Z"); // 08:00 Berlin
    assertThat(berlin.plus(tuesday0700Utc, Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
    assertThat(OFFICE.plus(tuesday0700Utc, Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-03-03T08:00:00Z")); // 15:00 -> 16:00 Shanghai
  }

  @Test
  void roundTheClockCountsEverySecond() {
    BusinessCalendar always = BusinessCalendar.roundTheClock(SHANGHAI);
    assertThat(always.plus(FRIDAY_5PM, Duration.ofHours(30)))
        .isEqualTo(FRIDAY_5PM.plus(Duration.ofHours(30)));
    assertThat(always.between(FRIDAY_5PM, FRIDAY_5PM.plusSeconds(90)))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void betweenIgnoresNightsWeekendsAndHolidays() {
    Instant fridayNoon = Instant.parse("2026-03-06T04:00:00Z");
    Instant tuesdayNoon = Instant.parse("2026-03-10T04:00:00Z");
    // Fri 12-18 (6 h) + Tue 08-12 (4 h)
    assertThat(OFFICE.between(fridayNoon, tuesdayNoon)).isEqualTo(Duration.ofHours(10));
    assertThat(OFFICE.between(tuesdayNoon, fridayNoon)).isZero();
  }

  @Test
  void aCalendarWithoutWorkingDaysIsRefused() {
    assertThatThrownBy(
            () ->
                new BusinessCalendar(
                    SHANGHAI, Set.of(), LocalTime.of(8, 0), LocalTime.of(18, 0), false, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
