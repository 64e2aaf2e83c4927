package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod specs of our Deployments and StatefulSets use only real PodSpec fields with the right types:
 * a misspelt probe or security field would otherwise be dropped by the API server without a word.
 * The PodSpec schema is the one the Flink operator's CRD embeds for its pod templates.
 */
class PodSpecSchemaTest {

  private static final CrdSchema CRD = CrdSchema.flinkDeployment();

  static Stream<Path> examples() throws Exception {
    return ExampleValuesTest.examples();
  }

  @Test
  void everyPodSpecWithEverythingOnIsValid() {
    PodQueries.podSpecs(EverythingOn.render())
        .forEach((workload, pod) -> assertThat(CRD.podSpecViolations(pod)).as(workload).isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyPodSpecOfTheExamplesIsValid(Path example) {
    PodQueries.podSpecs(ChartUnderTest.get().render(example))
        .forEach((workload, pod) -> assertThat(CRD.podSpecViolations(pod)).as(workload).isEmpty());
  }

  @Test
  void checkerReportsAMisspeltProbeField() {
    ObjectNode pod =
        (ObjectNode)
            PodQueries.podSpecs(ChartUnderTest.get().render())
                .get("StatefulSet/fleet-pdm-ticket-api")
                .deepCopy();
    ((ObjectNode) pod.at("/containers/0/readinessProbe")).put("periodSecond", 5);

    assertThat(CRD.podSpecViolations(pod))
        .containsExactly(
            ".spec.containers[0].readinessProbe.periodSecond: unknown field (the API server would"
                + " drop it)");
  }
}
