package dev.pdm.ticket.sla;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** Request and response bodies of the calendar and policy endpoints. */
public final class SlaRequests {

  private SlaRequests() {}

  /** Ids of calendars: short, URL-safe. */
  public static final String CALENDAR_ID = "[a-z0-9][a-z0-9-]{0,63}";

  /**
   * A business calendar. Without a zone its hours are local to each device's site; with one, they
   * are read in that zone everywhere. A round-the-clock calendar needs no hours.
   */
  public record Calendar(
      @Size(max = 200) String name,
      @Size(max = 64) String zone,
      @NotNull @Size(min = 1, max = 7) List<@NotNull DayOfWeek> workDays,
      LocalTime workStart,
      LocalTime workEnd,
      Boolean roundTheClock,
      @Size(max = 2000) List<@Valid @NotNull Holiday> holidays) {}

  public record Holiday(@NotNull LocalDate date, @NotBlank @Size(max = 200) String name) {}

  /** A stored calendar as the API shows it; {@code version} is its ETag. */
  public record CalendarView(
      String id,
      String name,
      String zone,
      List<DayOfWeek> workDays,
      LocalTime workStart,
      LocalTime workEnd,
      boolean roundTheClock,
      List<Holiday> holidays,
      long version) {}

  /**
   * Targets of one tier and priority. Warning fraction, escalation step and levels are optional:
   * absent, the service-wide defaults apply.
   */
  public record Policy(
      @NotNull @Min(1) @Max(525_600) Integer responseMinutes,
      @NotNull @Min(1) @Max(5_256_000) Integer resolutionMinutes,
      @NotBlank @Pattern(regexp = CALENDAR_ID, message = "must be a calendar id") String calendarId,
      @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
          Double warningFraction,
      @DecimalMin(value = "0", inclusive = false) @DecimalMax("10") Double escalationStep,
      @Min(1) @Max(20) Integer escalationLevels) {}
}
