package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered FlinkDeployment is accepted by the operator's CRD: no misspelt or misplaced field
 * (which the API server would silently drop), right types and enums.
 *
 * <p>The CRD comes from flink-kubernetes-operator-api 1.10, the newest release on Maven Central.
 * Its {@code flinkVersion} enum stops at v1_20, older than the Flink 2.1 the job runs on; that one
 * enum is checked by values.schema.json instead.
 */
class FlinkDeploymentCrdTest {

  private static final CrdSchema CRD = CrdSchema.flinkDeployment();

  static Stream<Path> examples() throws Exception {
    return ExampleValuesTest.examples();
  }

  @Test
  void defaultFlinkDeploymentMatchesTheCrd() {
    assertThat(CRD.violations(flinkDeployment(ChartUnderTest.get().render()))).isEmpty();
  }

  @Test
  void fullyConfiguredFlinkDeploymentMatchesTheCrd() {
    String values =
        EverythingOn.VALUES
            + """
            imagePullSecrets:
              - name: ghcr
            """;
    String streamJob =
        """
        streamJob:
          initialSavepointPath: s3://pdm-flink/savepoints/savepoint-1
          objectStorage:
            existingSecret: pdm-minio
            endpoint: http://minio:9000
            pathStyleAccess: true
          extraEnv:
            - name: JAVA_TOOL_OPTIONS
              value: -XX:+ExitOnOutOfMemoryError
          nodeSelector:
            pool: flink
          tolerations:
            - key: dedicated
              operator: Equal
              value: flink
              effect: NoSchedule
        """;
    ChartUnderTest chart = ChartUnderTest.get();
    JsonNode flink =
        flinkDeployment(chart.render(chart.valuesFile(values), chart.valuesFile(streamJob)));

    assertThat(CRD.violations(flink)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleFlinkDeploymentsMatchTheCrd(Path example) {
    RenderedManifests rendered = ChartUnderTest.get().render(example);

    rendered
        .ofKind("FlinkDeployment")
        .forEach(m -> assertThat(CRD.violations(m.object())).as(example.toString()).isEmpty());
  }

  @Test
  void checkerReportsAMisplacedField() {
    ObjectNode flink = (ObjectNode) flinkDeployment(ChartUnderTest.get().render()).deepCopy();
    ((ObjectNode) flink.path("spec")).put("parallelism", 4);
    ((ObjectNode) flink.path("spec").path("job")).put("upgradeMode", "rolling");

    assertThat(CRD.violations(flink))
        .anySatisfy(v -> assertThat(v).startsWith(".spec.parallelism: unknown field"))
        .anySatisfy(v -> assertThat(v).startsWith(".spec.job.upgradeMode"));
  }

  private static JsonNode flinkDeployment(RenderedManifests rendered) {
    return rendered.one("FlinkDeployment", "fleet-pdm-stream-jobs").object();
  }
}
