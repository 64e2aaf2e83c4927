package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreReaderTest {

  @Test
  void theDecisionsOfEveryVersionAreReadInOrderWithTheTicketTheyNamed() {
    String aggregated =
        "[{\"version\" : 1, \"decision\" : \"SUPPRESS\", \"ticketId\" : null},"
            + " {\"version\" : 2, \"decision\" : \"ESCALATE\", \"ticketId\" : 17}]";

    assertThat(StoreReader.decisions(aggregated))
        .containsExactly(
            new StoredIncident.Decided(1, "SUPPRESS", null),
            new StoredIncident.Decided(2, "ESCALATE", 17L));
  }
}
