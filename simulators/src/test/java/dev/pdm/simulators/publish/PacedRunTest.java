package dev.pdm.simulators.publish;

import static dev.pdm.simulators.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pdm.simulators.Fixtures;
import dev.pdm.simulators.Simulation;
import dev.pdm.simulators.clock.SimClock;
import dev.pdm.simulators.generator.DeviceMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacedRunTest {

  @TempDir Path dir;

  @Test
  void publishesOnlyWhatIsDueOnTheSimulatedClockAndFinishesAtTheEnd() throws Exception {
    Simulation simulation =
        Simulation.plan(
            Fixtures.smallFleet("mixed", dir).simDuration(Duration.ofHours(6)).build(), T0);
    AtomicLong wallNanos = new AtomicLong();
    SimClock clock = new SimClock(T0, 3600, wallNanos::get);
    List<DeviceMessage> sent = new CopyOnWriteArrayList<>();
    PacedRun run = new PacedRun(simulation.newGenerator(), clock, sent::add);
    Thread thread = new Thread(run);
    thread.start();
    try {
      // one wall second at 3600x is one simulated hour
      wallNanos.set(Duration.ofSeconds(1).toNanos());
      long oneHourIn = T0.plus(Duration.ofHours(1)).toEpochMilli();
      await().atMost(Duration.ofSeconds(10)).until(() -> run.simulatedUpTo() == oneHourIn);
      assertThat(sent).isNotEmpty();
      assertThat(sent).allSatisfy(m -> assertThat(m.deviceTimeMillis()).isLessThan(oneHourIn));
      assertThat(run.isFinished()).isFalse();

      wallNanos.set(Duration.ofSeconds(10).toNanos());
      assertThat(run.awaitFinished(10, TimeUnit.SECONDS)).isTrue();
      assertThat(sent).hasSameSizeAs(Fixtures.generateAll(simulation));
    } finally {
      run.stop();
      thread.join(5_000);
    }
  }
}
