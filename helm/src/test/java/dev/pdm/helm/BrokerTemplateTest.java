package dev.pdm.helm;

import static dev.pdm.helm.PodQueries.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerTemplateTest {

  private static final String NAME = "fleet-pdm-broker";
  private static final String WITH_PASSWORDS =
      """
      broker:
        enabled: true
        auth:
          existingSecret: pdm-broker-passwd
      """;

  /** Settings that differ per deployment rather than being part of the durability policy. */
  private static final List<String> DEPLOYMENT_SPECIFIC = List.of("allow_anonymous");

  private final ChartUnderTest chart = ChartUnderTest.get();

  @Test
  void disabledBrokerRendersNothing() {
    RenderedManifests rendered = chart.render();

    assertThat(rendered.fromTemplatesStartingWith("broker")).isEmpty();
    assertThat(rendered.ids()).noneMatch(id -> id.contains("broker"));
  }

  @Test
  void brokerConfigCarriesEveryDurabilitySettingOfTheProjectConfig() throws IOException {
    String rendered = mosquittoConf(chart.renderYaml(WITH_PASSWORDS));

    List<String> projectSettings =
        Files.readAllLines(projectBrokerConfig()).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .filter(line -> DEPLOYMENT_SPECIFIC.stream().noneMatch(line::startsWith))
            .toList();
    assertThat(projectSettings).isNotEmpty();
    assertThat(rendered.lines().map(String::strip)).containsAll(projectSettings);
    assertThat(rendered).contains("listener 1883", "persistence_location /mosquitto/data/");
  }

  @Test
  void brokerRequiresPasswordsUnlessAnonymousIsChosenExplicitly() {
    assertThatThrownBy(() -> chart.renderYaml("broker:\n  enabled: true\n"))
        .hasMessageContaining("existingSecret");

    String conf = mosquittoConf(chart.renderYaml(WITH_PASSWORDS));
    assertThat(conf)
        .contains("allow_anonymous false", "password_file /mosquitto/auth/passwordfile");

    String anonymous =
        mosquittoConf(
            chart.renderYaml("broker:\n  enabled: true\n  auth:\n    allowAnonymous: true\n"));
    assertThat(anonymous).contains("allow_anonymous true").doesNotContain("password_file");
  }

  @Test
  void passwordFileIsMountedFromItsSecret() {
    JsonNode pod =
        chart.renderYaml(WITH_PASSWORDS).one("StatefulSet", NAME).spec().at("/template/spec");

    assertThat(named(pod.path("volumes"), "auth").at("/secret/secretName").asText())
        .isEqualTo("pdm-broker-passwd");
    assertThat(named(pod.at("/containers/0/volumeMounts"), "auth").path("mountPath").asText())
        .isEqualTo("/mosquitto/auth");
  }

  @Test
  void brokerStoreLivesOnAPersistentVolume() {
    Manifest sts =
        chart
            .renderYaml(WITH_PASSWORDS + "  persistence:\n    size: 50Gi\n")
            .one("StatefulSet", NAME);

    assertThat(sts.spec().path("replicas").asInt()).isEqualTo(1);
    assertThat(sts.spec().at("/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("data");
    assertThat(sts.spec().at("/volumeClaimTemplates/0/spec/resources/requests/storage").asText())
        .isEqualTo("50Gi");
    JsonNode mount = named(sts.spec().at("/template/spec/containers/0/volumeMounts"), "data");
    assertThat(mount.path("mountPath").asText()).isEqualTo("/mosquitto/data");
  }

  @Test
  void queueLimitsAreTunable() {
    String conf =
        mosquittoConf(
            chart.renderYaml(
                WITH_PASSWORDS
                    + """
                      config:
                        maxQueuedBytes: 4294967296
                        extra: "max_keepalive 120"
                    """));

    assertThat(conf).contains("max_queued_bytes 4294967296", "max_keepalive 120");
  }

  @Test
  void brokerServiceExposesMqtt() {
    Manifest service = chart.renderYaml(WITH_PASSWORDS).one("Service", NAME);

    assertThat(service.spec().at("/ports/0/port").asInt()).isEqualTo(1883);
    assertThat(service.spec().at("/ports/0/targetPort").asText()).isEqualTo("mqtt");
  }

  @Test
  void tlsListenerIsServedFromItsCertificateSecret() {
    RenderedManifests rendered =
        chart.renderYaml(WITH_PASSWORDS + "  tls:\n    existingSecret: pdm-broker-tls\n");
    JsonNode pod = rendered.one("StatefulSet", NAME).spec().at("/template/spec");

    assertThat(mosquittoConf(rendered))
        .contains(
            "listener 8883", "certfile /mosquitto/tls/tls.crt", "keyfile /mosquitto/tls/tls.key");
    assertThat(named(pod.path("volumes"), "tls").at("/secret/secretName").asText())
        .isEqualTo("pdm-broker-tls");
    assertThat(
            named(rendered.one("Service", NAME).spec().path("ports"), "mqtts").path("port").asInt())
        .isEqualTo(8883);
    assertThat(rendered.one("NetworkPolicy", NAME).spec().at("/ingress/0/ports/1/port").asInt())
        .isEqualTo(8883);
  }

  @Test
  void withoutACertificateTheBrokerListensOnPlainMqttOnly() {
    RenderedManifests rendered = chart.renderYaml(WITH_PASSWORDS);

    assertThat(mosquittoConf(rendered)).doesNotContain("certfile", "listener 8883");
    assertThat(rendered.one("Service", NAME).spec().path("ports")).hasSize(1);
  }

  private static String mosquittoConf(RenderedManifests rendered) {
    return rendered.one("ConfigMap", NAME).object().at("/data/mosquitto.conf").asText();
  }

  private static Path projectBrokerConfig() {
    Path conf =
        ChartUnderTest.sourceChartDir()
            .resolve("../../../config/mosquitto/mosquitto.conf")
            .normalize();
    assertThat(conf).exists();
    return conf;
  }
}
