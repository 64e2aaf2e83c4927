package dev.pdm.helm;

import static dev.pdm.helm.PodQueries.envNames;
import static dev.pdm.helm.PodQueries.envValue;
import static dev.pdm.helm.PodQueries.named;
import static dev.pdm.helm.PodQueries.secretRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeGatewayTemplateTest {

  private static final String TWO_SITES =
      """
      gateways:
        - site: plant-north
          siteBrokerUrl: tcp://10.20.0.5:1883
        - site: charging-hub-7
          siteBrokerUrl: ssl://hub7.example.com:8883
          storeMaxBytes: 34359738368
          storageSize: 40Gi
          storageClass: fast-ssd
          centralExistingSecret: pdm-mqtt-gw-hub7
          nodeSelector:
            topology.pdm.dev/site: charging-hub-7
      """;

  private final ChartUnderTest chart = ChartUnderTest.get();

  @Test
  void eachSiteGetsItsOwnSingleReplicaStatefulSetAndQueueVolume() {
    RenderedManifests rendered = chart.renderYaml(TWO_SITES);

    List<Manifest> gateways = rendered.fromTemplatesStartingWith("edge-gateway-statefulset");
    assertThat(gateways)
        .extracting(Manifest::name)
        .containsExactlyInAnyOrder("fleet-pdm-gw-plant-north", "fleet-pdm-gw-charging-hub-7");
    for (Manifest sts : gateways) {
      assertThat(sts.spec().path("replicas").asInt()).isEqualTo(1);
      assertThat(sts.spec().at("/volumeClaimTemplates/0/metadata/name").asText())
          .isEqualTo("store");
      assertThat(sts.spec().at("/persistentVolumeClaimRetentionPolicy/whenDeleted").asText())
          .isEqualTo("Retain");
      JsonNode mount = named(sts.spec().at("/template/spec/containers/0/volumeMounts"), "store");
      assertThat(mount.path("mountPath").asText()).isEqualTo("/var/lib/pdm-gateway/store");
      Manifest service = rendered.one("Service", sts.spec().path("serviceName").asText());
      assertThat(service.spec().path("clusterIP").asText()).isEqualTo("None");
    }
  }

  @Test
  void gatewayIsProbedOnItsHealthEndpointWithoutRestartingWhileItBuffers() {
    JsonNode container = container(chart.renderYaml(TWO_SITES), "plant-north");

    assertThat(envValue(container, "PDM_GATEWAY_HTTP_PORT")).isEqualTo("9464");
    assertThat(named(container.path("ports"), "http").path("containerPort").asInt())
        .isEqualTo(9464);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/metrics");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
  }

  @Test
  void gatewayReceivesItsSiteBrokersAndStoreUnderTheAgreedNames() {
    JsonNode container = container(chart.renderYaml(TWO_SITES), "plant-north");

    assertThat(envValue(container, "PDM_GATEWAY_SITE")).isEqualTo("plant-north");
    assertThat(envValue(container, "PDM_GATEWAY_SITE_BROKER_URL"))
        .isEqualTo("tcp://10.20.0.5:1883");
    assertThat(envValue(container, "PDM_GATEWAY_CENTRAL_BROKER_URL"))
        .isEqualTo("tcp://mqtt-broker:1883");
    assertThat(envValue(container, "PDM_GATEWAY_STORE_DIR"))
        .isEqualTo("/var/lib/pdm-gateway/store");
    assertThat(envValue(container, "PDM_GATEWAY_STORE_MAX_BYTES")).isEqualTo("8589934592");
    assertThat(secretRef(container, "PDM_GATEWAY_CENTRAL_USERNAME"))
        .isEqualTo("pdm-mqtt-edge-gateway/username");
    assertThat(secretRef(container, "PDM_GATEWAY_CENTRAL_PASSWORD"))
        .isEqualTo("pdm-mqtt-edge-gateway/password");
  }

  @Test
  void siteEntryOverridesTheSharedGatewaySettings() {
    RenderedManifests rendered = chart.renderYaml(TWO_SITES);
    Manifest hub = rendered.one("StatefulSet", "fleet-pdm-gw-charging-hub-7");
    JsonNode container = hub.spec().at("/template/spec/containers/0");

    assertThat(envValue(container, "PDM_GATEWAY_STORE_MAX_BYTES")).isEqualTo("34359738368");
    assertThat(secretRef(container, "PDM_GATEWAY_CENTRAL_PASSWORD"))
        .isEqualTo("pdm-mqtt-gw-hub7/password");
    JsonNode claim = hub.spec().at("/volumeClaimTemplates/0/spec");
    assertThat(claim.at("/resources/requests/storage").asText()).isEqualTo("40Gi");
    assertThat(claim.path("storageClassName").asText()).isEqualTo("fast-ssd");
    assertThat(hub.spec().at("/template/spec/nodeSelector/topology.pdm.dev~1site").asText())
        .isEqualTo("charging-hub-7");
  }

  @Test
  void gatewaysOfDifferentSitesSelectOnlyTheirOwnPods() {
    RenderedManifests rendered = chart.renderYaml(TWO_SITES);

    JsonNode north =
        rendered.one("StatefulSet", "fleet-pdm-gw-plant-north").spec().at("/selector/matchLabels");
    JsonNode hub =
        rendered
            .one("StatefulSet", "fleet-pdm-gw-charging-hub-7")
            .spec()
            .at("/selector/matchLabels");
    assertThat(north).isNotEqualTo(hub);
    assertThat(north.path("pdm.dev/site").asText()).isEqualTo("plant-north");
  }

  @Test
  void inChartBrokerBecomesTheCentralUplink() {
    JsonNode container =
        container(
            chart.renderYaml(
                TWO_SITES
                    + """
                    broker:
                      enabled: true
                      auth:
                        existingSecret: pdm-broker-passwd
                    """),
            "plant-north");

    assertThat(envValue(container, "PDM_GATEWAY_CENTRAL_BROKER_URL"))
        .isEqualTo("tcp://fleet-pdm-broker:1883");
  }

  @Test
  void explicitCentralUrlAndAnonymousUplinkAreHonoured() {
    JsonNode container =
        container(
            chart.renderYaml(
                TWO_SITES
                    + """
                    edgeGateway:
                      central:
                        brokerUrl: ssl://mqtt.pdm.example.com:8883
                        existingSecret: ""
                    """),
            "plant-north");

    assertThat(envValue(container, "PDM_GATEWAY_CENTRAL_BROKER_URL"))
        .isEqualTo("ssl://mqtt.pdm.example.com:8883");
    assertThat(envNames(container))
        .doesNotContain("PDM_GATEWAY_CENTRAL_USERNAME", "PDM_GATEWAY_CENTRAL_PASSWORD");
  }

  @Test
  void emptyGatewayListRendersNoGatewayObjects() {
    RenderedManifests rendered = chart.render();

    assertThat(rendered.fromTemplatesStartingWith("edge-gateway")).isEmpty();
  }

  @Test
  void sameSiteListedTwiceIsRejected() {
    String values =
        """
        gateways:
          - site: plant-north
            siteBrokerUrl: tcp://a:1883
          - site: plant-north
            siteBrokerUrl: tcp://b:1883
        """;

    assertThatThrownBy(() -> chart.renderYaml(values))
        .hasMessageContaining("site \"plant-north\" is listed twice");
  }

  private static JsonNode container(RenderedManifests rendered, String site) {
    return rendered
        .one("StatefulSet", "fleet-pdm-gw-" + site)
        .spec()
        .at("/template/spec/containers/0");
  }
}
