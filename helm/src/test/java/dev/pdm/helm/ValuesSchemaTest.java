package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json rejects what would otherwise deploy something broken. */
class ValuesSchemaTest {

  private static final String SCHEMA_ERROR = "values don't meet the specifications of the schema";

  private final ChartUnderTest chart = ChartUnderTest.get();

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("zero ticket-api replicas", "ticketApi:\n  replicas: 0\n", "replicas"),
        Arguments.of("replicas as text", "ticketApi:\n  replicas: many\n", "replicas"),
        Arguments.of("misspelt key", "ticketApi:\n  replica: 3\n", "replica"),
        Arguments.of("unknown top-level key", "ticketapi:\n  enabled: false\n", "ticketapi"),
        Arguments.of(
            "empty database secret",
            "ticketApi:\n  database:\n    existingSecret: \"\"\n",
            "existingSecret"),
        Arguments.of(
            "pull policy outside the enum",
            "ticketApi:\n  image:\n    pullPolicy: Sometimes\n",
            "pullPolicy"),
        Arguments.of(
            "container allowed to run as root",
            "ticketApi:\n  podSecurityContext:\n    runAsNonRoot: false\n",
            "runAsNonRoot"),
        Arguments.of("zero parallelism", "streamJob:\n  parallelism: 0\n", "parallelism"),
        Arguments.of("unknown upgrade mode", "streamJob:\n  upgradeMode: rolling\n", "upgradeMode"),
        Arguments.of(
            "checkpoints on a local path",
            "streamJob:\n  checkpoint:\n    dir: /tmp/checkpoints\n",
            "dir"),
        Arguments.of(
            "last-state without HA",
            "streamJob:\n  upgradeMode: last-state\n  highAvailability:\n    enabled: false\n",
            "enabled"),
        Arguments.of(
            "unsupported Flink version", "streamJob:\n  flinkVersion: v1_13\n", "flinkVersion"),
        Arguments.of(
            "inline registry without content",
            "streamJob:\n  registry:\n    source: inline\n",
            "content"),
        Arguments.of(
            "gateway without site broker", "gateways:\n  - site: site-a\n", "siteBrokerUrl"),
        Arguments.of(
            "site id that is not a DNS label",
            "gateways:\n  - site: Site_A\n    siteBrokerUrl: tcp://b:1883\n",
            "site"),
        Arguments.of(
            "tiny gateway store", "edgeGateway:\n  store:\n    maxBytes: 10\n", "maxBytes"),
        Arguments.of("broker port out of range", "external:\n  mqtt:\n    port: 70000\n", "port"),
        Arguments.of(
            "mqtt scheme outside the enum", "external:\n  mqtt:\n    scheme: http\n", "scheme"),
        Arguments.of(
            "password given in clear",
            "ticketApi:\n  database:\n    password: s3cret\n",
            "password"));
  }

  @ParameterizedTest(name = "{0} is rejected")
  @MethodSource("invalidValues")
  void invalidValuesAreRejectedBeforeAnythingRenders(String what, String values, String field) {
    assertThatThrownBy(() -> chart.renderYaml(values))
        .as(what)
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining(field);
  }

  @Test
  void autoscalerBoundsInTheWrongOrderAreRejected() {
    assertThatThrownBy(
            () ->
                chart.render(
                    Map.of(
                        "ticketApi.autoscaling.enabled", true,
                        "ticketApi.autoscaling.minReplicas", 5,
                        "ticketApi.autoscaling.maxReplicas", 2)))
        .hasMessageContaining("maxReplicas must not be below minReplicas");
  }

  @Test
  void dependencyChartValuesPassThroughUnchecked() {
    RenderedManifests rendered =
        chart.renderYaml(
            """
            postgresql:
              enabled: false
              primary:
                persistence:
                  size: 100Gi
            """);

    assertThat(rendered.ofKind("StatefulSet")).isNotEmpty();
  }
}
