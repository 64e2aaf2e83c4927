package dev.pdm.ticket.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestSubscriptionsTest {

  @Test
  void sharedModeJoinsTheGroupAndDropsPlainSubscriptions() {
    IngestSubscriptions s = IngestSubscriptions.of(IngestConfig.Subscription.SHARED, "ticket-api");

    assertThat(s.subscribe())
        .containsExactly(
            "$share/ticket-api/pdm/v1/incidents", "$share/ticket-api/pdm/v1/batch-risk");
    assertThat(s.unsubscribe()).containsExactly("pdm/v1/incidents", "pdm/v1/batch-risk");
  }

  @Test
  void plainModeReadsTheTopicsAndLeavesTheGroup() {
    IngestSubscriptions s = IngestSubscriptions.of(IngestConfig.Subscription.PLAIN, "ticket-api");

    assertThat(s.subscribe()).containsExactly("pdm/v1/incidents", "pdm/v1/batch-risk");
    assertThat(s.unsubscribe())
        .containsExactly(
            "$share/ticket-api/pdm/v1/incidents", "$share/ticket-api/pdm/v1/batch-risk");
  }
}
