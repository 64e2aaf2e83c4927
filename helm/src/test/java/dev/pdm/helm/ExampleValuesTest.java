package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example values files under examples/ stay valid and mean what their comments say. */
class ExampleValuesTest {

  private final ChartUnderTest chart = ChartUnderTest.get();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(ChartUnderTest.examplesDir())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theDocumentedExamplesExist() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains("minimal.yaml", "production.yaml", "external-services.yaml", "edge-site.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleRendersAndPassesTheSchema(Path example) {
    RenderedManifests rendered = chart.render(example);

    assertThat(rendered.manifests()).isNotEmpty();
    assertThat(rendered.kinds()).doesNotContain("Secret");
  }

  @Test
  void minimalRunsEverythingInClusterOnSingleReplicas() {
    RenderedManifests rendered = chart.render(example("minimal.yaml"));

    assertThat(rendered.one("StatefulSet", "fleet-pdm-ticket-api").spec().path("replicas").asInt())
        .isEqualTo(1);
    assertThat(rendered.ofKind("StatefulSet"))
        .extracting(Manifest::name)
        .containsExactlyInAnyOrder(
            "fleet-pdm-broker", "fleet-pdm-gw-demo-site", "fleet-pdm-ticket-api");
    assertThat(
            rendered
                .one("ConfigMap", "fleet-pdm-ticket-api")
                .object()
                .at("/data/QUARKUS_DATASOURCE_JDBC_URL")
                .asText())
        .isEqualTo("jdbc:postgresql://fleet-postgresql:5432/pdm");
    assertThat(
            rendered
                .one("FlinkDeployment", "fleet-pdm-stream-jobs")
                .spec()
                .at("/job/parallelism")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void productionAutoscalesTheApiAndRunsTheJobWideWithHa() {
    RenderedManifests rendered = chart.render(example("production.yaml"));
    JsonNode flink = rendered.one("FlinkDeployment", "fleet-pdm-stream-jobs").spec();

    assertThat(
            rendered
                .one("HorizontalPodAutoscaler", "fleet-pdm-ticket-api")
                .spec()
                .path("minReplicas")
                .asInt())
        .isEqualTo(3);
    assertThat(rendered.one("Ingress", "fleet-pdm-ticket-api")).isNotNull();
    assertThat(flink.at("/job/parallelism").asInt()).isEqualTo(8);
    assertThat(flink.at("/job/upgradeMode").asText()).isEqualTo("savepoint");
    assertThat(flink.at("/flinkConfiguration/high-availability.type").asText())
        .isEqualTo("kubernetes");
    assertThat(flink.at("/jobManager/replicas").asInt()).isEqualTo(2);
    assertThat(rendered.fromTemplatesStartingWith("edge-gateway-statefulset")).hasSize(3);
  }

  @Test
  void externalServicesDeploysNoStoresOrBroker() {
    RenderedManifests rendered = chart.render(example("external-services.yaml"));

    assertThat(rendered.ofKind("StatefulSet"))
        .extracting(Manifest::name)
        .containsExactly("fleet-pdm-ticket-api");
    assertThat(
            rendered
                .one("ConfigMap", "fleet-pdm-ticket-api")
                .object()
                .at("/data/PDM_MQTT_HOST")
                .asText())
        .isEqualTo("mqtt.example.internal");
  }

  @Test
  void edgeSiteRunsOnlyItsGateways() {
    RenderedManifests rendered = chart.render(example("edge-site.yaml"));

    assertThat(PodQueries.podSpecs(rendered).keySet())
        .containsExactly("StatefulSet/fleet-pdm-gw-plant-east");
    assertThat(rendered.kinds()).doesNotContain("Deployment", "FlinkDeployment");
  }

  private static Path example(String name) {
    Path path = ChartUnderTest.examplesDir().resolve(name);
    assertThat(path).exists();
    return path;
  }
}
