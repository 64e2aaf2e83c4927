package dev.pdm.ticket.sla;

/** Targets for one customer tier and priority, measured on a calendar. */
public record SlaPolicy(
    String customerTier,
    String priority,
    int responseMinutes,
    int resolutionMinutes,
    String calendarId) {}
