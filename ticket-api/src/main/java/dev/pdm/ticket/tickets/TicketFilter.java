package dev.pdm.ticket.tickets;

/** List filters; null means "any". {@code customerId} is forced for customer callers. */
public record TicketFilter(
    String status,
    String type,
    String priority,
    String serial,
    String siteId,
    String batch,
    String firmware,
    String model,
    String region,
    String customerId,
    String assignee,
    String alarmCode) {}
