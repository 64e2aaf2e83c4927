package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Drives {@link Settle} on a fake clock: each pause moves it half a second, nothing sleeps. */
class SettleTest {

  private static final Duration LOOK_EVERY = Duration.ofMillis(500);

  private final List<String> problems = new ArrayList<>();
  private long clock;

  /** Runs {@code settle} against a pipeline that shows {@code pipeline(t)} at t seconds. */
  private boolean await(Settle settle, LongFunction<Settle.Look> pipeline)
      throws InterruptedException {
    return settle.await(
        () -> clock,
        () -> clock += LOOK_EVERY.toNanos(),
        () -> pipeline.apply(Duration.ofNanos(clock).toSeconds()),
        problems::add);
  }

  private Duration elapsed() {
    return Duration.ofNanos(clock);
  }

  private static Settle.Look look(long queueDepth, long alarms) {
    return new Settle.Look(queueDepth, List.of(alarms, 0L, 0L, 0L));
  }

  @Test
  void aPipelineQuietFromTheStartSettlesAtTheFloorAndNotBefore() throws Exception {
    // floor: 60 s idleness + 5 s checkpoint + 10 s = 75 s, well past the 20 s of quiet
    Settle settle =
        new Settle(
            Duration.ofMinutes(4),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5));

    assertThat(await(settle, t -> look(0, 7))).isTrue();

    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(75));
    assertThat(problems).isEmpty();
  }

  @Test
  void theFloorFollowsTheWatermarkIdlenessAndTheCheckpointInterval() throws Exception {
    // 2 min idleness + 30 s checkpoint + 10 s = 160 s
    Settle settle =
        new Settle(
            Duration.ofMinutes(4),
            Duration.ofSeconds(20),
            Duration.ofMinutes(2),
            Duration.ofSeconds(30));

    assertThat(await(settle, t -> look(0, 7))).isTrue();

    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(160));
  }

  @Test
  void aFloorBeyondTheLimitGivesUpEvenWhenNothingMoves() throws Exception {
    // floor 75 s, limit 60 s: a quiet pipeline is still not declared settled
    Settle settle =
        new Settle(
            Duration.ofSeconds(60),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5));

    assertThat(await(settle, t -> look(0, 7))).isFalse();

    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(60));
    assertThat(problems).containsExactly("the pipeline was still moving after PT1M of settling");
  }

  @Test
  void aCounterThatGrowsRestartsTheQuietTimerPastTheFloor() throws Exception {
    Settle settle =
        new Settle(
            Duration.ofMinutes(4),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5));

    // one more central alarm at 70 s, just before the 75 s floor, then nothing
    assertThat(await(settle, t -> look(0, t < 70 ? 7 : 8))).isTrue();

    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void aNonEmptyGatewayQueueIsMovementEvenWhenNoCounterChanges() throws Exception {
    Settle settle =
        new Settle(
            Duration.ofMinutes(4),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5));

    // three events stuck in the gateway queue until 100 s; the counters never change
    assertThat(await(settle, t -> look(t < 100 ? 3 : 0, 7))).isTrue();

    assertThat(elapsed()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aPipelineThatKeepsMovingGivesUpAtTheLimitWithTheProblemRecorded() throws Exception {
    Settle settle =
        new Settle(
            Duration.ofMinutes(4),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofSeconds(5));

    // a new central alarm every 10 s, for ever
    assertThat(await(settle, t -> look(0, t / 10))).isFalse();

    assertThat(elapsed()).isEqualTo(Duration.ofMinutes(4));
    assertThat(problems).containsExactly("the pipeline was still moving after PT4M of settling");
  }
}
