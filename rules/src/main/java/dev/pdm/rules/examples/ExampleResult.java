package dev.pdm.rules.examples;

import dev.pdm.rules.decision.Decision;
import java.util.List;

/**
 * How one example case went.
 *
 * @param actual null when the evaluation failed (see {@code mismatches})
 */
public record ExampleResult(String name, boolean passed, Decision actual, List<String> mismatches) {

  public ExampleResult {
    mismatches = List.copyOf(mismatches);
  }
}
