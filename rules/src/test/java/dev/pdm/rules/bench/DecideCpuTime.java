package dev.pdm.rules.bench;

import dev.pdm.rules.decision.DecisionKind;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.engine.CompiledRuleset;
import dev.pdm.rules.engine.DefaultRuleset;
import dev.pdm.rules.engine.RuleEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decisions per CPU-second of one thread, on the same request mix as {@link DecideBenchmark}. On a
 * machine shared with other work, wall-clock throughput measures the neighbours as much as the
 * engine; the thread's CPU time does not.
 */
public final class DecideCpuTime {

  private static final int WARMUP = 100_000;
  private static final int ROUNDS = 5;
  private static final int PER_ROUND = 100_000;

  private DecideCpuTime() {}

  public static void main(String[] args) {
    CompiledRuleset rules = DefaultRuleset.compile(new RuleEngine());
    DecisionRequest[] mix = DecideBenchmark.realisticMix();
    Map<DecisionKind, Integer> kinds = new EnumMap<>(DecisionKind.class);
    for (DecisionRequest r : mix) {
      kinds.merge(rules.decide(r).kind(), 1, Integer::sum);
    }
    System.out.println("decision mix of the " + mix.length + " requests: " + kinds);
    for (int i = 0; i < WARMUP; i++) {
      rules.decide(mix[i % mix.length]);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= ROUNDS; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      for (int i = 0; i < PER_ROUND; i++) {
        rules.decide(mix[i % mix.length]);
      }
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
      double wallSeconds = (System.nanoTime() - wall) / 1e9;
      System.out.printf(
          "round %d: %,.0f decisions per CPU-second, %,.0f per wall-second, %.1f us CPU each%n",
          round, PER_ROUND / cpuSeconds, PER_ROUND / wallSeconds, cpuSeconds * 1e6 / PER_ROUND);
    }
  }
}
