package dev.pdm.simulators.publish;

import dev.pdm.simulators.clock.SimClock;
import dev.pdm.simulators.generator.DeviceMessage;
import dev.pdm.simulators.generator.MessageGenerator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Drives a generator against a simulated clock: every few milliseconds it pulls the messages that
 * have become due and hands them to the sink, so device time runs at the clock's speed. If the sink
 * cannot keep up, simulated time still runs on and the run falls behind; {@link #maxLagMillis()}
 * says by how much, in wall-clock time.
 */
public final class PacedRun implements Runnable {

  /** Wall-clock time between pulls: small enough that 1x timestamps are near real time. */
  static final long TICK_NANOS = 20_000_000;

  private final MessageGenerator generator;
  private final SimClock clock;
  private final Consumer<DeviceMessage> sink;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile long maxLagMillis;
  private volatile long lastLagMillis;
  private volatile Throwable failure;

  public PacedRun(MessageGenerator generator, SimClock clock, Consumer<DeviceMessage> sink) {
    this.generator = generator;
    this.clock = clock;
    this.sink = sink;
  }

  @Override
  public void run() {
    try {
      while (running && !generator.exhausted()) {
        long started = System.nanoTime();
        long due = clock.nowMillis();
        generator.advanceTo(due, sink);
        // how far simulated time ran on while we were publishing what was due, in wall time
        long lag = (long) ((clock.nowMillis() - due) / clock.speed());
        lastLagMillis = lag;
        maxLagMillis = Math.max(maxLagMillis, lag);
        long rest = TICK_NANOS - (System.nanoTime() - started);
        if (rest > 0) {
          LockSupport.parkNanos(rest);
        }
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      finished.countDown();
    }
  }

  public void stop() {
    running = false;
  }

  public boolean awaitFinished(long timeout, TimeUnit unit) throws InterruptedException {
    return finished.await(timeout, unit);
  }

  public boolean isFinished() {
    return finished.getCount() == 0;
  }

  /** The longest a pull took to publish what was due, wall-clock milliseconds. */
  public long maxLagMillis() {
    return maxLagMillis;
  }

  public long lastLagMillis() {
    return lastLagMillis;
  }

  /** What ended the run early, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Simulated time up to which everything has been published. */
  public long simulatedUpTo() {
    return generator.cursor();
  }
}
