package dev.pdm.ticket.lifecycle;

/** Why work on a ticket is paused; while on hold its SLA clocks stand still. */
public enum HoldReason {
  WAITING_FOR_PARTS,
  WAITING_FOR_CUSTOMER,
  WAITING_FOR_SITE_ACCESS,
  WAITING_FOR_VENDOR,
  WAITING_FOR_WEATHER
}
