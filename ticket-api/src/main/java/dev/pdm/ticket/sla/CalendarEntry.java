package dev.pdm.ticket.sla;

import java.time.ZoneId;

/**
 * A stored calendar. With {@code ownZone} its hours are read in its own zone (a central service
 * desk); without, in the zone of the device's site.
 */
public record CalendarEntry(BusinessCalendar calendar, ZoneId ownZone) {

  /** The calendar a clock in {@code siteZone} is measured on. */
  public BusinessCalendar forSite(ZoneId siteZone) {
    return calendar.in(ownZone != null ? ownZone : siteZone);
  }
}
