package dev.pdm.launcher.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pdm.gateway.metrics.GatewayMetrics;
import dev.pdm.gateway.metrics.MetricsSnapshot;
import org.junit.jupiter.api.Test;

class GatewayProcessTest {

  @Test
  void theGatewaysMetricsPageReadsBackAsTheSnapshotItWasWrittenFrom() {
    MetricsSnapshot written =
        new MetricsSnapshot(
            101, 102, 3, 4, 5, 6, 7, 108, 109, 110, 111, 12, 13, 14, 15, 16, 17, 18_000, 19_000,
            2.5, true, false);

    MetricsSnapshot read = GatewayProcess.parse(GatewayMetrics.prometheus(written));

    assertThat(read).isEqualTo(written);
  }

  @Test
  void aPageWithoutACounterTheHarnessTotalsIsRefused() {
    assertThatThrownBy(() -> GatewayProcess.parse("pdm_gateway_invalid_total 1\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pdm_gateway_received_total");
  }
}
