package dev.pdm.ticket.lifecycle;

/** Kinds of ticket; a type decides what the ticket needs before it may move on. */
public enum TicketType {
  DEVICE_FAULT(true, false),
  PREDICTIVE_MAINTENANCE(true, false),
  /** A problem record for a manufacturing batch; links its device tickets. */
  BATCH_PROBLEM(false, true),
  WARRANTY_RMA(true, true),
  REMOTE_DIAGNOSIS(true, false),
  INSPECTION(true, false),
  COMPLAINT(true, false);

  private final boolean needsDevice;
  private final boolean needsEvidenceToResolve;

  TicketType(boolean needsDevice, boolean needsEvidenceToResolve) {
    this.needsDevice = needsDevice;
    this.needsEvidenceToResolve = needsEvidenceToResolve;
  }

  /** Whether a ticket of this type is about one device (a serial), rather than a batch. */
  public boolean needsDevice() {
    return needsDevice;
  }

  /** An RMA must show what failed and a batch problem its analysis before they count as solved. */
  public boolean needsEvidenceToResolve() {
    return needsEvidenceToResolve;
  }
}
