package dev.pdm.ticket.tickets;

import java.util.List;

/** Which ruleset and rules opened (or changed) a ticket, and why; null for manual tickets. */
public record Decision(String rulesetVersion, List<String> firedRules, String reason) {

  public Decision {
    firedRules = firedRules == null ? List.of() : List.copyOf(firedRules);
  }

  /** A short label for lists: version and the first fired rule. */
  public String label() {
    return rulesetVersion + (firedRules.isEmpty() ? "" : ": " + firedRules.get(0));
  }
}
