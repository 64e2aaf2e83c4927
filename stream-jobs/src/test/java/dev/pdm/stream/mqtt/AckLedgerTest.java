package dev.pdm.stream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.stream.mqtt.AckLedger.Ack;
import org.junit.jupiter.api.Test;

class AckLedgerTest {

  private final AckLedger ledger = new AckLedger();

  @Test
  void nothingIsReleasedBeforeTheCoveringCheckpointCompletes() {
    ledger.emitted(0, 5);
    ledger.emitted(0, 6);

    assertThat(ledger.complete(1)).isEmpty();
    ledger.snapshot(1);

    assertThat(ledger.pending()).isEqualTo(2);
    assertThat(ledger.complete(1)).containsExactly(new Ack(0, 5), new Ack(0, 6));
    assertThat(ledger.pending()).isZero();
  }

  @Test
  void messagesAfterTheSnapshotWaitForTheNextCheckpoint() {
    ledger.emitted(0, 1);
    ledger.snapshot(1);
    ledger.emitted(0, 2);

    assertThat(ledger.complete(1)).containsExactly(new Ack(0, 1));
    assertThat(ledger.pending()).isEqualTo(1);
    ledger.snapshot(2);
    assertThat(ledger.complete(2)).containsExactly(new Ack(0, 2));
  }

  @Test
  void completingALaterCheckpointReleasesSkippedEarlierOnesInArrivalOrder() {
    ledger.emitted(0, 30);
    ledger.snapshot(1);
    ledger.emitted(0, 10);
    ledger.snapshot(2);
    ledger.emitted(0, 20);
    ledger.snapshot(3);

    assertThat(ledger.complete(2)).containsExactly(new Ack(0, 30), new Ack(0, 10));
    assertThat(ledger.waitingCheckpoints()).containsExactly(3L);
    assertThat(ledger.complete(3)).containsExactly(new Ack(0, 20));
  }

  @Test
  void aRedeliveredIdOfTheSameConnectionIsAcknowledgedOnce() {
    assertThat(ledger.emitted(1, 7)).isTrue();
    ledger.snapshot(1);
    assertThat(ledger.emitted(1, 7)).isFalse();
    ledger.snapshot(2);

    assertThat(ledger.complete(2)).containsExactly(new Ack(1, 7));
    // Once acknowledged, the broker may reuse the id for a new message, which must be tracked.
    assertThat(ledger.emitted(1, 7)).isTrue();
  }

  @Test
  void theSameIdOnAnotherConnectionIsAnotherMessage() {
    ledger.emitted(0, 7);
    assertThat(ledger.emitted(1, 7)).isTrue();
    assertThat(ledger.pending()).isEqualTo(2);
  }

  @Test
  void aSnapshotWithNothingNewLeavesNoEmptyEntry() {
    ledger.snapshot(1);
    assertThat(ledger.waitingCheckpoints()).isEmpty();
    assertThat(ledger.complete(1)).isEmpty();
  }
}
