package dev.pdm.rules.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.model.codec.EventCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

  private static Decision open(Priority priority, String reason, List<String> rules) {
    return new Decision(
        DecisionKind.OPEN,
        "inc-1",
        TicketType.DEVICE_FAULT,
        priority,
        "device-gold-p2",
        "field-service-east-china",
        "title",
        null,
        List.of(),
        reason,
        rules,
        "v1");
  }

  @Test
  void sameEffectIgnoresWordingRuleNamesAndVersion() {
    Decision a = open(Priority.P2, "because", List.of("A"));
    Decision b =
        new Decision(
            DecisionKind.OPEN,
            "inc-1",
            TicketType.DEVICE_FAULT,
            Priority.P2,
            "device-gold-p2",
            "field-service-east-china",
            "another title",
            null,
            List.of(),
            "other words",
            List.of("B", "C"),
            "v2");

    assertThat(a.sameEffectAs(b)).isTrue();
    assertThat(a.sameEffectAs(open(Priority.P1, "because", List.of("A")))).isFalse();
  }

  @Test
  void decisionSurvivesAJsonRoundTrip() throws Exception {
    Decision d = open(Priority.P2, "MAJOR at a GOLD customer is P2", List.of("x", "y"));

    String json = EventCodec.mapper().writeValueAsString(d);

    assertThat(EventCodec.mapper().readValue(json, Decision.class)).isEqualTo(d);
    assertThat(json).contains("\"rulesFired\":[\"x\",\"y\"]").doesNotContain("summary");
  }
}
