package dev.pdm.stream.pipeline;

import dev.pdm.model.event.AlarmEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Fails its task once, on the k-th alarm across all subtasks, to simulate a crash mid-stream. The
 * counters are static because Flink recreates the function on restart; tests reset them.
 */
public final class FailOnce implements MapFunction<AlarmEvent, AlarmEvent> {

  private static final long serialVersionUID = 1L;

  static final AtomicInteger SEEN = new AtomicInteger();
  static final AtomicBoolean FAILED = new AtomicBoolean();

  private final int failAt;

  FailOnce(int failAt) {
    this.failAt = failAt;
  }

  static void reset() {
    SEEN.set(0);
    FAILED.set(false);
  }

  @Override
  public AlarmEvent map(AlarmEvent alarm) {
    if (SEEN.incrementAndGet() >= failAt && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("simulated crash on alarm " + alarm.eventId());
    }
    return alarm;
  }
}
