package dev.pdm.rules.decision;

/**
 * What to do with an incident or batch signal. When several rules could decide, the one with the
 * highest salience wins: SUPPRESS, then FOLD and REOPEN, then ESCALATE, then OPEN. NONE means no
 * rule decided.
 */
public enum DecisionKind {
  OPEN,
  FOLD,
  ESCALATE,
  REOPEN,
  SUPPRESS,
  NONE
}
