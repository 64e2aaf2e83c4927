package dev.pdm.rules.decision;

/** The ticket types the rules can open (the ticket service knows a few more, opened by people). */
public enum TicketType {
  DEVICE_FAULT,
  PREDICTIVE_MAINTENANCE,
  BATCH_PROBLEM,
  WARRANTY_RMA,
  REMOTE_DIAGNOSIS,
  INSPECTION
}
