package dev.pdm.stream.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionPlanTest {

  private static final List<String> FILTERS = List.of("pdm/v1/+/+/alarm", "pdm/v1/+/+/telemetry");

  @Test
  void aSingleReaderSubscribesPlainlyAndLeavesTheSharedGroup() {
    SubscriptionPlan plan = SubscriptionPlan.of("job", FILTERS, 1, 0);

    assertThat(plan.subscribe()).containsExactlyElementsOf(FILTERS);
    assertThat(plan.unsubscribe())
        .containsExactly("$share/job/pdm/v1/+/+/alarm", "$share/job/pdm/v1/+/+/telemetry");
    assertThat(plan.plain()).isTrue();
  }

  @Test
  void parallelReadersShareAndDropAPlainSubscriptionLeftFromASingleReader() {
    SubscriptionPlan plan = SubscriptionPlan.of("job", FILTERS, 3, 2);

    assertThat(plan.subscribe())
        .containsExactly("$share/job/pdm/v1/+/+/alarm", "$share/job/pdm/v1/+/+/telemetry");
    assertThat(plan.unsubscribe()).containsExactlyElementsOf(FILTERS);
    assertThat(plan.plain()).isFalse();
  }

  @Test
  void aSlotBeyondTheReadersOnlyDrainsItsSession() {
    SubscriptionPlan plan = SubscriptionPlan.of("job", FILTERS, 1, 1);

    assertThat(plan.subscribe()).isEmpty();
    assertThat(plan.unsubscribe())
        .containsExactlyInAnyOrder(
            "pdm/v1/+/+/alarm",
            "pdm/v1/+/+/telemetry",
            "$share/job/pdm/v1/+/+/alarm",
            "$share/job/pdm/v1/+/+/telemetry");
    assertThat(plan.plain()).isFalse();
  }
}
