package dev.pdm.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.gateway.queue.DiskQueue;
import dev.pdm.gateway.queue.Lane;
import dev.pdm.model.topic.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayMetricsTest {

  @TempDir Path dir;

  @Test
  void prometheusTextCarriesQueueDepthAgeAndCounters() {
    GatewayMetrics m = new GatewayMetrics();
    try (DiskQueue q = DiskQueue.open(dir, 1 << 20, 4096)) {
      m.bind(q, () -> true, () -> false);
      q.append(Lane.ALARM, "a", 1, new byte[] {1}, 1_000);
      q.append(Lane.TELEMETRY, "t", 1, new byte[] {1}, 2_000);
      m.received(Topics.Kind.ALARM);
      m.rateLimited(Topics.Kind.TELEMETRY);
      m.invalid(0);
      m.published(Lane.ALARM);
      String text = GatewayMetrics.prometheus(m.snapshot(31_000));
      assertThat(text)
          .contains("# TYPE pdm_gateway_queue_depth gauge")
          .contains("pdm_gateway_queue_depth{lane=\"alarm\"} 1.0")
          .contains("pdm_gateway_queue_depth{lane=\"telemetry\"} 1.0")
          .contains("pdm_gateway_oldest_queued_age_seconds 30.0")
          .contains("pdm_gateway_received_total{kind=\"alarm\"} 1")
          .contains("pdm_gateway_rate_limited_total{kind=\"telemetry\"} 1")
          .contains("pdm_gateway_invalid_total 1")
          .contains("pdm_gateway_published_total{lane=\"alarm\"} 1")
          .contains("pdm_gateway_dropped_total{reason=\"disk_budget_telemetry\"} 0")
          .contains("pdm_gateway_connected{broker=\"central\"} 0.0");
    }
  }
}
