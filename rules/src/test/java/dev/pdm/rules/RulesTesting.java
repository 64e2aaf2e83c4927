package dev.pdm.rules;

import dev.pdm.rules.engine.CompiledRuleset;
import dev.pdm.rules.engine.DefaultRuleset;
import dev.pdm.rules.engine.RuleEngine;

/** One engine and one compiled default ruleset per test JVM: compiling takes about a second. */
public final class RulesTesting {

  public static final RuleEngine ENGINE = new RuleEngine();

  private static CompiledRuleset defaults;

  private RulesTesting() {}

  public static synchronized CompiledRuleset defaultRuleset() {
    if (defaults == null) {
      defaults = DefaultRuleset.compile(ENGINE);
    }
    return defaults;
  }
}
