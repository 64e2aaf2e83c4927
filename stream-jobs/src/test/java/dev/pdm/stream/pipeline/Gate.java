package dev.pdm.stream.pipeline;

import dev.pdm.model.event.AlarmEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Holds the pipeline mid-stream: once {@code limit} alarms of serials with the given prefix have
 * passed (across subtasks), every further one waits until the test opens the gate. While it waits
 * no checkpoint completes, so what the readers received stays unacknowledged at the broker. Static
 * because Flink serializes the function; tests reset it.
 */
final class Gate implements MapFunction<AlarmEvent, AlarmEvent> {

  private static final long serialVersionUID = 1L;

  private static final AtomicInteger PASSED = new AtomicInteger();
  private static volatile CountDownLatch open = new CountDownLatch(1);
  private static volatile boolean reached;

  private final String prefix;
  private final int limit;

  Gate(String prefix, int limit) {
    this.prefix = prefix;
    this.limit = limit;
  }

  static void reset() {
    PASSED.set(0);
    open = new CountDownLatch(1);
    reached = false;
  }

  static boolean reached() {
    return reached;
  }

  static void open() {
    open.countDown();
  }

  @Override
  public AlarmEvent map(AlarmEvent alarm) throws InterruptedException {
    if (alarm.serial().startsWith(prefix) && PASSED.incrementAndGet() > limit) {
      reached = true;
      if (!open.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("gate never opened");
      }
    }
    return alarm;
  }
}
