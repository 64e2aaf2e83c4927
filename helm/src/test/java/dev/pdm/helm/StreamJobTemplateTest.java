package dev.pdm.helm;

import static dev.pdm.helm.PodQueries.envNames;
import static dev.pdm.helm.PodQueries.envValue;
import static dev.pdm.helm.PodQueries.named;
import static dev.pdm.helm.PodQueries.secretRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamJobTemplateTest {

  private static final String NAME = "fleet-pdm-stream-jobs";

  private final ChartUnderTest chart = ChartUnderTest.get();

  @Test
  void flinkDeploymentRunsTheJobJarOnTheOperatorApi() {
    Manifest flink = flink(chart.render());

    assertThat(flink.object().path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
    assertThat(flink.spec().path("image").asText()).isEqualTo("ghcr.io/pdm/stream-jobs:0.1.0");
    assertThat(flink.spec().path("flinkVersion").asText()).isEqualTo("v2_1");
    assertThat(flink.spec().at("/job/jarURI").asText())
        .isEqualTo("local:///opt/flink/usrlib/stream-jobs.jar");
    assertThat(flink.spec().at("/job/entryClass").asText())
        .isEqualTo("dev.pdm.stream.StreamJobMain");
    assertThat(flink.spec().at("/job/state").asText()).isEqualTo("running");
  }

  @Test
  void parallelismUpgradeModeAndCheckpointStorageFollowTheValues() {
    Manifest flink =
        flink(
            chart.renderYaml(
                """
                streamJob:
                  parallelism: 6
                  taskSlots: 3
                  upgradeMode: savepoint
                  checkpoint:
                    intervalMs: 5000
                    dir: s3://bucket-a/pdm/checkpoints
                    savepointDir: s3://bucket-a/pdm/savepoints
                  highAvailability:
                    storageDir: s3://bucket-a/pdm/ha
                """));
    JsonNode conf = flink.spec().path("flinkConfiguration");

    assertThat(flink.spec().at("/job/parallelism").asInt()).isEqualTo(6);
    assertThat(flink.spec().at("/job/upgradeMode").asText()).isEqualTo("savepoint");
    assertThat(conf.path("taskmanager.numberOfTaskSlots").asText()).isEqualTo("3");
    assertThat(conf.path("execution.checkpointing.dir").asText())
        .isEqualTo("s3://bucket-a/pdm/checkpoints");
    assertThat(conf.path("execution.checkpointing.savepoint-dir").asText())
        .isEqualTo("s3://bucket-a/pdm/savepoints");
    assertThat(conf.path("execution.checkpointing.interval").asText()).isEqualTo("5000 ms");
    assertThat(conf.path("execution.checkpointing.mode").asText()).isEqualTo("EXACTLY_ONCE");
    assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
    assertThat(conf.path("high-availability.storageDir").asText())
        .isEqualTo("s3://bucket-a/pdm/ha");
    assertThat(args(flink)).containsEntry("--checkpoint.interval-ms", "5000");
  }

  @Test
  void maxParallelismBoundsTheParallelism() {
    JsonNode conf =
        flink(chart.render(Map.of("streamJob.maxParallelism", 256)))
            .spec()
            .path("flinkConfiguration");

    assertThat(conf.path("pipeline.max-parallelism").asText()).isEqualTo("256");
    assertThatThrownBy(
            () -> chart.render(Map.of("streamJob.maxParallelism", 4, "streamJob.parallelism", 8)))
        .hasMessageContaining("must not exceed streamJob.maxParallelism");
  }

  @Test
  void everyFlinkConfigurationValueIsAString() {
    JsonNode conf = flink(chart.render()).spec().path("flinkConfiguration");

    assertThat(conf.size()).isGreaterThan(5);
    conf.fields()
        .forEachRemaining(
            e -> assertThat(e.getValue().isTextual()).as("%s is a string", e.getKey()).isTrue());
  }

  @Test
  void jobArgumentsUseTheAgreedOptionNames() {
    Map<String, String> args = args(flink(chart.render()));

    assertThat(args)
        .containsEntry("--mqtt.url", "tcp://mqtt-broker:1883")
        .containsEntry("--mqtt.username", "pdm-stream-jobs")
        .containsEntry("--influx.url", "http://influxdb2:8086")
        .containsEntry("--influx.org", "pdm")
        .containsEntry("--influx.bucket", "telemetry")
        .containsEntry("--registry.path", "/etc/pdm/registry/devices.csv")
        .containsEntry("--checkpoint.interval-ms", "10000");
  }

  @Test
  void secretsReachTheJobAsEnvironmentNeverAsArguments() {
    Manifest flink = flink(chart.render());
    JsonNode container = flinkContainer(flink);

    assertThat(secretRef(container, "PDM_INFLUX_TOKEN")).isEqualTo("pdm-influxdb/token");
    assertThat(secretRef(container, "PDM_MQTT_PASSWORD"))
        .isEqualTo("pdm-mqtt-stream-jobs/password");
    assertThat(args(flink)).doesNotContainKeys("--influx.token", "--mqtt.password");
  }

  @Test
  void inClusterInfluxAndBrokerAreWhatTheJobConnectsTo() {
    Map<String, String> args =
        args(
            flink(
                chart.renderYaml(
                    """
                    influxdb2:
                      enabled: true
                      adminUser:
                        organization: ops
                        bucket: metrics
                    broker:
                      enabled: true
                      auth:
                        allowAnonymous: true
                    """)));

    assertThat(args)
        .containsEntry("--influx.url", "http://fleet-influxdb2:80")
        .containsEntry("--influx.org", "ops")
        .containsEntry("--influx.bucket", "metrics")
        .containsEntry("--mqtt.url", "tcp://fleet-pdm-broker:1883");
  }

  @Test
  void fixedDelayRestartStrategyCarriesAttemptsAndDelay() {
    JsonNode conf =
        flink(
                chart.renderYaml(
                    """
                    streamJob:
                      restartStrategy:
                        type: fixed-delay
                        attempts: 7
                        delay: 15s
                    """))
            .spec()
            .path("flinkConfiguration");

    assertThat(conf.path("restart-strategy.type").asText()).isEqualTo("fixed-delay");
    assertThat(conf.path("restart-strategy.fixed-delay.attempts").asText()).isEqualTo("7");
    assertThat(conf.path("restart-strategy.fixed-delay.delay").asText()).isEqualTo("15s");
    assertThat(conf.has("restart-strategy.exponential-delay.initial-backoff")).isFalse();
  }

  @Test
  void extraFlinkConfigurationOverridesGeneratedKeys() {
    JsonNode conf =
        flink(
                chart.renderYaml(
                    """
                    streamJob:
                      flinkConfiguration:
                        execution.checkpointing.mode: AT_LEAST_ONCE
                        metrics.reporters: prom
                    """))
            .spec()
            .path("flinkConfiguration");

    assertThat(conf.path("execution.checkpointing.mode").asText()).isEqualTo("AT_LEAST_ONCE");
    assertThat(conf.path("metrics.reporters").asText()).isEqualTo("prom");
  }

  @Test
  void objectStorageCredentialsAndEndpointAreWiredWhenGiven() {
    Manifest flink =
        flink(
            chart.renderYaml(
                """
                streamJob:
                  objectStorage:
                    endpoint: http://minio:9000
                    pathStyleAccess: true
                    existingSecret: pdm-minio
                """));
    JsonNode conf = flink.spec().path("flinkConfiguration");
    JsonNode container = flinkContainer(flink);

    assertThat(conf.path("s3.endpoint").asText()).isEqualTo("http://minio:9000");
    assertThat(conf.path("s3.path.style.access").asText()).isEqualTo("true");
    assertThat(secretRef(container, "AWS_ACCESS_KEY_ID")).isEqualTo("pdm-minio/access-key");
    assertThat(secretRef(container, "AWS_SECRET_ACCESS_KEY")).isEqualTo("pdm-minio/secret-key");
    assertThat(envValue(container, "ENABLE_BUILT_IN_PLUGINS"))
        .isEqualTo("flink-s3-fs-hadoop-2.1.1.jar");
  }

  @Test
  void workloadIdentityNeedsNoStaticKeys() {
    JsonNode container = flinkContainer(flink(chart.render()));

    assertThat(envNames(container)).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void inlineRegistryIsRenderedIntoAConfigMapAndMounted() {
    RenderedManifests rendered =
        chart.renderYaml(
            """
            streamJob:
              registry:
                source: inline
                fileName: registry.csv
                content: |
                  serial,batch
                  INV-1,B1
            """);
    Manifest configMap = rendered.one("ConfigMap", "fleet-pdm-device-registry");
    JsonNode volume = named(flink(rendered).spec().at("/podTemplate/spec/volumes"), "registry");

    assertThat(configMap.object().at("/data/registry.csv").asText()).contains("INV-1,B1");
    assertThat(volume.at("/configMap/name").asText()).isEqualTo("fleet-pdm-device-registry");
    assertThat(args(flink(rendered)))
        .containsEntry("--registry.path", "/etc/pdm/registry/registry.csv");
  }

  @Test
  void largeRegistryComesFromAClaimMountedReadOnly() {
    RenderedManifests rendered =
        chart.renderYaml(
            """
            streamJob:
              registry:
                source: persistentVolumeClaim
                name: fleet-registry
            """);
    JsonNode volume = named(flink(rendered).spec().at("/podTemplate/spec/volumes"), "registry");

    assertThat(volume.at("/persistentVolumeClaim/claimName").asText()).isEqualTo("fleet-registry");
    assertThat(volume.at("/persistentVolumeClaim/readOnly").asBoolean()).isTrue();
    assertThat(rendered.ofKind("ConfigMap"))
        .extracting(Manifest::name)
        .doesNotContain("fleet-pdm-device-registry");
  }

  @Test
  void serviceAccountAndRbacAreCreatedOnlyWhenAsked() {
    assertThat(chart.render().kinds()).doesNotContain("Role", "RoleBinding");

    RenderedManifests rendered =
        chart.renderYaml(
            """
            streamJob:
              serviceAccount:
                create: true
                name: pdm-flink
            """);
    assertThat(flink(rendered).spec().path("serviceAccount").asText()).isEqualTo("pdm-flink");
    assertThat(rendered.one("ServiceAccount", "pdm-flink")).isNotNull();
    assertThat(rendered.one("RoleBinding", NAME).object().at("/subjects/0/name").asText())
        .isEqualTo("pdm-flink");
  }

  @Test
  void disabledStreamJobRendersNothingOfIt() {
    RenderedManifests rendered = chart.render(Map.of("streamJob.enabled", false));

    assertThat(rendered.ofKind("FlinkDeployment")).isEmpty();
    assertThat(rendered.fromTemplatesStartingWith("stream-job")).isEmpty();
  }

  private static Manifest flink(RenderedManifests rendered) {
    return rendered.one("FlinkDeployment", NAME);
  }

  private static JsonNode flinkContainer(Manifest flink) {
    return named(flink.spec().at("/podTemplate/spec/containers"), "flink-main-container");
  }

  /** Job arguments as option -> value, checking they come in pairs. */
  private static Map<String, String> args(Manifest flink) {
    List<String> list = new ArrayList<>();
    flink.spec().at("/job/args").forEach(a -> list.add(a.asText()));
    assertThat(list.size() % 2).as("arguments come in option/value pairs: %s", list).isZero();
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i += 2) {
      assertThat(list.get(i)).startsWith("--");
      args.put(list.get(i), list.get(i + 1));
    }
    return args;
  }
}
