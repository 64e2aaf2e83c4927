package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.launcher.scenario.PipelineTrace.Look;
import dev.pdm.launcher.scenario.PipelineTrace.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTraceTest {

  @Test
  void ratesAreTheCountersDeltasOverEachInterval() {
    List<Row> rows =
        PipelineTrace.rows(
            List.of(
                new Look(0, true, 0, 0, 0, 0, 0, 0),
                new Look(10, true, 0.5, 20_000, 19_000, 18_000, 40, 15_000),
                new Look(30, true, 2.0, 60_000, 57_000, 50_000, 900, 35_000)));

    assertThat(rows).hasSize(2);
    Row first = rows.get(0);
    assertThat(first.seconds()).isEqualTo(10);
    assertThat(first.simulatorPerSecond()).isEqualTo(2_000);
    assertThat(first.gatewayPerSecond()).isEqualTo(1_800);
    assertThat(first.storedPerSecond()).isEqualTo(1_500);
    assertThat(first.simulatorBehindSeconds()).isEqualTo(0.5);
    assertThat(first.gatewayQueue()).isEqualTo(40);
    assertThat(first.notStored()).isEqualTo(4_000);
    Row second = rows.get(1);
    assertThat(second.simulatorPerSecond()).isEqualTo(2_000);
    assertThat(second.gatewayPerSecond()).isEqualTo(1_600);
    assertThat(second.storedPerSecond()).isEqualTo(1_000);
    // the store falls behind: what was published and not stored grows
    assertThat(second.notStored()).isEqualTo(22_000);
    assertThat(second.gatewayQueue()).isEqualTo(900);
  }

  @Test
  void anUnreadStoreLeavesItsFiguresOpenAndTheOthersStand() {
    List<Row> rows =
        PipelineTrace.rows(
            List.of(
                new Look(0, true, 0, 0, 0, 0, 0, 0),
                new Look(10, true, 0, 10_000, 9_000, 10_000, 0, -1),
                new Look(20, false, 0, 10_000, 9_000, 10_000, 0, 9_000)));

    assertThat(rows.get(0).storedPerSecond()).isNull();
    assertThat(rows.get(0).notStored()).isNull();
    assertThat(rows.get(0).simulatorPerSecond()).isEqualTo(1_000);
    // the next interval starts from an unread value: no rate, but the backlog is known again
    assertThat(rows.get(1).storedPerSecond()).isNull();
    assertThat(rows.get(1).notStored()).isZero();
    assertThat(rows.get(1).simulating()).isFalse();
  }

  @Test
  void oneLookOrLooksAtTheSameInstantGiveNoRow() {
    Look look = new Look(5, true, 0, 100, 90, 100, 0, 90);
    assertThat(PipelineTrace.rows(List.of(look))).isEmpty();
    assertThat(PipelineTrace.rows(List.of(look, look))).isEmpty();
  }

  @Test
  void looksAddedFromAnotherThreadAreReadBackInOrder() throws Exception {
    PipelineTrace trace = new PipelineTrace();
    Thread t =
        new Thread(
            () -> {
              trace.add(new Look(0, true, 0, 0, 0, 0, 0, 0));
              trace.add(new Look(10, true, 0, 1_000, 1_000, 1_000, 0, 1_000));
            });
    t.start();
    t.join();
    assertThat(trace.rows()).singleElement().extracting(Row::simulatorPerSecond).isEqualTo(100.0);
  }
}
