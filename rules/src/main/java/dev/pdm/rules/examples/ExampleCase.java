package dev.pdm.rules.examples;

import dev.pdm.rules.decision.DecisionRequest;
import java.util.Objects;

/** A named input with the decision a ruleset version must make for it. */
public record ExampleCase(String name, DecisionRequest request, ExpectedDecision expect) {

  public ExampleCase {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(request, "request of " + name);
    Objects.requireNonNull(expect, "expect of " + name);
  }
}
