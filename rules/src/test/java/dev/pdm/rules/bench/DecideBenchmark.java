package dev.pdm.rules.bench;

import static dev.pdm.rules.Fixtures.AC_UNDER_VOLT;
import static dev.pdm.rules.Fixtures.DC_OVER_VOLT;
import static dev.pdm.rules.Fixtures.GROUND_FAULT;
import static dev.pdm.rules.Fixtures.HEATSINK_TEMP_RISE;
import static dev.pdm.rules.Fixtures.HW_TEST_FAILURE;
import static dev.pdm.rules.Fixtures.OVER_TEMP;
import static dev.pdm.rules.Fixtures.T0;
import static dev.pdm.rules.Fixtures.device;
import static dev.pdm.rules.Fixtures.incident;
import static dev.pdm.rules.Fixtures.request;
import static dev.pdm.rules.Fixtures.ticket;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.rules.Fixtures.RequestBuilder;
import dev.pdm.rules.decision.Decision;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.decision.Priority;
import dev.pdm.rules.engine.CompiledRuleset;
import dev.pdm.rules.engine.DefaultRuleset;
import dev.pdm.rules.engine.RuleEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decisions per second of the default ruleset on one thread, over a seeded mix of realistic
 * requests: each device has a registry row and two to four open or recently closed tickets. Run
 * with {@code ./mvnw -B -pl rules -Pbench verify} (see the README); never part of the tests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class DecideBenchmark {

  private static final int MIX = 256;

  private CompiledRuleset rules;
  private DecisionRequest[] requests;
  private int next;

  @Setup
  public void setUp() {
    rules = DefaultRuleset.compile(new RuleEngine());
    requests = realisticMix();
  }

  /** A seeded mix of incident requests with device rows and ticket histories. */
  static DecisionRequest[] realisticMix() {
    Random random = new Random(7);
    String[] codes = {
      OVER_TEMP, DC_OVER_VOLT, AC_UNDER_VOLT, GROUND_FAULT, HW_TEST_FAILURE, HEATSINK_TEMP_RISE
    };
    List<DecisionRequest> mix = new ArrayList<>();
    for (int i = 0; i < MIX; i++) {
      String serial = String.format("INV-%04d", i);
      RequestBuilder r =
          request(
                  incident(serial, codes[random.nextInt(codes.length)])
                      .repeated(1 + random.nextInt(4)))
              .at(T0.plus(Duration.ofMinutes(random.nextInt(180))));
      if (random.nextBoolean()) {
        r.device(device(serial).tier(CustomerTier.values()[random.nextInt(4)]).underWarranty());
      }
      int tickets = 2 + random.nextInt(3);
      for (int t = 0; t < tickets; t++) {
        var ticket =
            ticket("T-" + i + "-" + t, serial)
                .code(codes[random.nextInt(codes.length - 1)])
                .priority(Priority.values()[random.nextInt(4)]);
        if (random.nextInt(3) > 0) {
          ticket.closedAt(T0.minus(Duration.ofDays(1 + random.nextInt(30))));
        }
        r.ticket(ticket);
      }
      mix.add(r.build());
    }
    return mix.toArray(DecisionRequest[]::new);
  }

  @Benchmark
  public Decision decide() {
    DecisionRequest request = requests[next];
    next = (next + 1) % requests.length;
    return rules.decide(request);
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(DecideBenchmark.class.getSimpleName()).build()).run();
  }
}
