package dev.pdm.rules.engine;

/**
 * One compiler finding in a ruleset's DRL.
 *
 * @param line 1-based line in the DRL text, 0 when the compiler gave none
 * @param column 0 when the compiler gave none (it often does not)
 */
public record RulesetProblem(int line, int column, String message) {

  @Override
  public String toString() {
    return "line " + line + ", column " + column + ": " + message;
  }
}
