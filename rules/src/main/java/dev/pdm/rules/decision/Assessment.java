package dev.pdm.rules.decision;

import org.kie.api.definition.type.ClassReactive;

/**
 * The urgency the assessment rules give an incident before any decision rule runs: each priority
 * rule may only make it more urgent, so the most urgent applicable rule wins whatever the order.
 * Class-reactive because rules change it through methods rather than setters.
 */
@ClassReactive
public final class Assessment {

  private Priority priority;

  /** Null until an assessment rule has fired. */
  public Priority getPriority() {
    return priority;
  }

  /** Whether {@code candidate} would make the assessment more urgent (true while unassessed). */
  public boolean below(Priority candidate) {
    return candidate.moreUrgentThan(priority);
  }

  public boolean isAssessed() {
    return priority != null;
  }

  /** Keeps the more urgent of the current and the given priority. */
  public void raise(Priority candidate) {
    if (candidate.moreUrgentThan(priority)) {
      priority = candidate;
    }
  }

  /**
   * True when the assessed priority is more urgent than {@code ticketPriority}: a fold becomes an
   * escalation.
   */
  public boolean moreUrgentThan(Priority ticketPriority) {
    return priority != null && priority.moreUrgentThan(ticketPriority);
  }
}
