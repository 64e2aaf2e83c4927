package dev.pdm.ticket.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Working time in one time zone: working days, a daily window and holidays. SLA targets are
 * business durations measured on such a calendar; a round-the-clock calendar counts every second.
 */
public record BusinessCalendar(
    ZoneId zone,
    Set<DayOfWeek> workDays,
    LocalTime start,
    LocalTime end,
    boolean roundTheClock,
    Set<LocalDate> holidays) {

  /** A search bound: a target that needs more than ten years of working days is a bad policy. */
  private static final int MAX_DAYS = 3660;

  public BusinessCalendar {
    workDays = Set.copyOf(workDays);
    holidays = Set.copyOf(holidays);
    if (!roundTheClock && !end.isAfter(start)) {
      throw new IllegalArgumentException("working window must end after it starts");
    }
    if (!roundTheClock && workDays.isEmpty()) {
      throw new IllegalArgumentException("a calendar needs at least one working day");
    }
  }

  public static BusinessCalendar roundTheClock(ZoneId zone) {
    return new BusinessCalendar(
        zone, Set.of(DayOfWeek.values()), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, true, Set.of());
  }

  /** The same hours and holidays, in another zone (calendars are shared, sites are not). */
  public BusinessCalendar in(ZoneId otherZone) {
    return new BusinessCalendar(otherZone, workDays, start, end, roundTheClock, holidays);
  }

  public boolean isWorkingDay(LocalDate day) {
    return workDays.contains(day.getDayOfWeek()) && !holidays.contains(day);
  }

  /** The instant at which {@code businessTime} of working time has elapsed after {@code from}. */
  public Instant plus(Instant from, Duration businessTime) {
    if (businessTime.isNegative()) {
      throw new IllegalArgumentException("business time must not be negative");
    }
    if (roundTheClock || businessTime.isZero()) {
      return from.plus(businessTime);
    }
    Duration remaining = businessTime;
    ZonedDateTime cursor = from.atZone(zone);
    for (int i = 0; i < MAX_DAYS; i++) {
      LocalDate day = cursor.toLocalDate();
      if (isWorkingDay(day)) {
        ZonedDateTime open = ZonedDateTime.of(day, start, zone);
        ZonedDateTime close = ZonedDateTime.of(day, end, zone);
        ZonedDateTime windowStart = cursor.isAfter(open) ? cursor : open;
        if (windowStart.isBefore(close)) {
          Duration available = Duration.between(windowStart, close);
          if (remaining.compareTo(available) <= 0) {
            return windowStart.plus(remaining).toInstant();
          }
          remaining = remaining.minus(available);
        }
      }
      cursor = day.plusDays(1).atStartOfDay(zone);
    }
    throw new IllegalStateException("no working time within " + MAX_DAYS + " days");
  }

  /** Working time between two instants (zero when {@code to} is not after {@code from}). */
  public Duration between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    if (roundTheClock) {
      return Duration.between(from, to);
    }
    Duration total = Duration.ZERO;
    ZonedDateTime cursor = from.atZone(zone);
    ZonedDateTime last = to.atZone(zone);
    while (!cursor.toLocalDate().isAfter(last.toLocalDate())) {
      LocalDate day = cursor.toLocalDate();
      if (isWorkingDay(day)) {
        ZonedDateTime open = ZonedDateTime.of(day, start, zone);
        ZonedDateTime close = ZonedDateTime.of(day, end, zone);
        ZonedDateTime a = cursor.isAfter(open) ? cursor : open;
        ZonedDateTime b = last.isBefore(close) ? last : close;
        if (a.isBefore(b)) {
          total = total.plus(Duration.between(a, b));
        }
      }
      cursor = day.plusDays(1).atStartOfDay(zone);
    }
    return total;
  }
}
