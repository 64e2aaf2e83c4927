package dev.pdm.ticket.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a stored calendar and policy mean for a clock: zone and levels. */
class SlaPolicyLevelsTest {

  static final SlaLevels DEFAULTS = new SlaLevels(0.8, 0.5, 3);
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final BusinessCalendar NINE_TO_FIVE =
      new BusinessCalendar(
          ZoneOffset.UTC,
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
          LocalTime.of(9, 0),
          LocalTime.of(17, 0),
          false,
          Set.of());

  /** Monday 2026-03-09 08:00 UTC: 16:00 in Shanghai, 09:00 in Berlin. */
  static final Instant MONDAY_8_UTC = Instant.parse("2026-03-09T08:00:00Z");

  @Test
  void aCalendarWithoutAZoneCountsTheHoursOfTheSite() {
    BusinessCalendar cal = new CalendarEntry(NINE_TO_FIVE, null).forSite(SHANGHAI);
    // one hour left in Shanghai on Monday, the second hour on Tuesday 09:00-10:00 Shanghai
    assertThat(cal.plus(MONDAY_8_UTC, Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-03-10T02:00:00Z"));
  }

  @Test
  void aCalendarWithItsOwnZoneCountsItsHoursWhereverTheSiteIs() {
    BusinessCalendar cal = new CalendarEntry(NINE_TO_FIVE, BERLIN).forSite(SHANGHAI);
    // the Berlin desk has just opened: two hours later it is 11:00 in Berlin
    assertThat(cal.plus(MONDAY_8_UTC, Duration.ofHours(2)))
        .isEqualTo(Instant.parse("2026-03-09T10:00:00Z"));
  }

  @Test
  void aPolicyWithoutLevelsUsesTheServiceDefaults() {
    SlaPolicy plain = new SlaPolicy("GOLD", "P2", 60, 960, "office", null, null, null, 1);
    assertThat(plain.levels(DEFAULTS)).isEqualTo(DEFAULTS);
  }

  @Test
  void aPolicyOverridesOnlyTheLevelsItSets() {
    SlaPolicy early = new SlaPolicy("GOLD", "P1", 30, 480, "office", 0.5, null, 1, 3);
    SlaLevels levels = early.levels(DEFAULTS);
    assertThat(levels).isEqualTo(new SlaLevels(0.5, 0.5, 1));
    assertThat(levels.fraction(SlaLevels.WARNING)).isEqualTo(0.5);
    assertThat(levels.done()).isEqualTo(2);
  }
}
