package dev.pdm.launcher.scenario;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides when the pipeline has settled after a run: the gateway queue is empty and nothing else
 * moved for {@code quietFor}, but never before the floor, and giving up after {@code limit}.
 *
 * <p>The floor is the stream job's watermark idleness plus a checkpoint interval plus 10 s: alarms
 * raised in the last minutes of the run wait for the watermark, which moves again only once the job
 * has marked its quiet inputs idle, so quiet before then is not the end.
 */
final class Settle {

  /** What one look at the pipeline saw: the gateway queue and counters that grow while it works. */
  record Look(long queueDepth, List<Long> counters) {}

  /** Waits between looks. */
  interface Pause {
    void pause() throws InterruptedException;
  }

  private final Duration limit;
  private final Duration quietFor;
  private final Duration floor;

  Settle(
      Duration limit, Duration quietFor, Duration watermarkIdleness, Duration checkpointInterval) {
    this.limit = limit;
    this.quietFor = quietFor;
    this.floor = watermarkIdleness.plus(checkpointInterval).plus(Duration.ofSeconds(10));
  }

  /**
   * Looks, pausing between looks, until the pipeline settles (true) or {@code limit} has passed
   * (false, with the problem reported); times are read from {@code nanoTime}.
   */
  boolean await(LongSupplier nanoTime, Pause pause, Supplier<Look> look, Consumer<String> problems)
      throws InterruptedException {
    long start = nanoTime.getAsLong();
    long deadline = start + limit.toNanos();
    long earliestEnd = start + floor.toNanos();
    Look last = null;
    long lastChange = start;
    while (nanoTime.getAsLong() < deadline) {
      Look now = look.get();
      long t = nanoTime.getAsLong();
      if (!now.equals(last) || now.queueDepth() != 0) {
        last = now;
        lastChange = t;
      } else if (t - lastChange >= quietFor.toNanos() && t >= earliestEnd) {
        return true;
      }
      pause.pause();
    }
    problems.accept("the pipeline was still moving after " + limit + " of settling");
    return false;
  }
}
