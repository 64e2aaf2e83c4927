package dev.pdm.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.rules.RulesTesting;
import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.examples.ExampleCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentDecideTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 400;

  @Test
  void concurrentDecisionsEqualTheSequentialOnes() throws Exception {
    CompiledRuleset rules = RulesTesting.defaultRuleset();
    List<DecisionRequest> pool =
        DefaultRuleset.examples().stream().map(ExampleCase::request).toList();
    List<Decision> sequential = pool.stream().map(rules::decide).toList();
    ExecutorService executor = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<int[]>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(42 + t);
        Callable<List<int[]>> worker =
            () -> {
              start.await();
              List<int[]> mismatches = new ArrayList<>();
              for (int i = 0; i < PER_THREAD; i++) {
                int pick = random.nextInt(pool.size());
                if (!rules.decide(pool.get(pick)).equals(sequential.get(pick))) {
                  mismatches.add(new int[] {pick, i});
                }
              }
              return mismatches;
            };
        futures.add(executor.submit(worker));
      }
      start.countDown();
      for (Future<List<int[]>> f : futures) {
        assertThat(f.get()).isEmpty();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
