package dev.pdm.helm;

import static dev.pdm.helm.PodQueries.envNames;
import static dev.pdm.helm.PodQueries.named;
import static dev.pdm.helm.PodQueries.secretRef;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketApiTemplateTest {

  private static final String NAME = "fleet-pdm-ticket-api";

  private final ChartUnderTest chart = ChartUnderTest.get();

  @Test
  void probesHitQuarkusHealthEndpointsOnPort8080() {
    JsonNode container = container(chart.render());

    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
  }

  @Test
  void startupProbeAllowsTheConfiguredStartupTime() {
    JsonNode probe =
        container(chart.render(Map.of("ticketApi.probes.startupTimeoutSeconds", 300)))
            .path("startupProbe");

    assertThat(probe.path("periodSeconds").asInt() * probe.path("failureThreshold").asInt())
        .isEqualTo(300);
  }

  @Test
  void credentialsComeFromExistingSecretsUnderTheAgreedNames() {
    JsonNode container = container(chart.render());

    assertThat(secretRef(container, "QUARKUS_DATASOURCE_USERNAME"))
        .isEqualTo("pdm-postgresql/username");
    assertThat(secretRef(container, "QUARKUS_DATASOURCE_PASSWORD"))
        .isEqualTo("pdm-postgresql/password");
    assertThat(secretRef(container, "PDM_MQTT_USERNAME")).isEqualTo("pdm-mqtt-ticket-api/username");
    assertThat(secretRef(container, "PDM_MQTT_PASSWORD")).isEqualTo("pdm-mqtt-ticket-api/password");
  }

  @Test
  void eachReplicaUsesItsStablePodNameAsMqttClientId() {
    RenderedManifests rendered = chart.render(Map.of("ticketApi.replicas", "3"));
    Manifest workload = rendered.one("StatefulSet", NAME);
    JsonNode clientId = named(container(rendered).path("env"), "PDM_MQTT_CLIENT_ID");

    assertThat(clientId.at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
    assertThat(workload.spec().path("podManagementPolicy").asText()).isEqualTo("Parallel");
    assertThat(workload.spec().path("serviceName").asText()).isEqualTo(NAME);
  }

  @Test
  void anonymousMqttLeavesOutTheCredentialVariables() {
    JsonNode container = container(chart.render(Map.of("ticketApi.mqtt.existingSecret", "")));

    assertThat(envNames(container))
        .doesNotContain("PDM_MQTT_USERNAME", "PDM_MQTT_PASSWORD")
        .contains("QUARKUS_DATASOURCE_PASSWORD");
  }

  @Test
  void configMapCarriesConnectionSettingsForExternalServicesByDefault() {
    JsonNode data = chart.render().one("ConfigMap", NAME).object().path("data");

    assertThat(data.path("QUARKUS_DATASOURCE_JDBC_URL").asText())
        .isEqualTo("jdbc:postgresql://postgresql:5432/pdm");
    assertThat(data.path("PDM_MQTT_HOST").asText()).isEqualTo("mqtt-broker");
    assertThat(data.path("PDM_MQTT_PORT").asText()).isEqualTo("1883");
    assertThat(data.path("PDM_MQTT_SSL").asText()).isEqualTo("false");
    assertThat(data.path("MP_JWT_VERIFY_ISSUER").asText())
        .isEqualTo("https://auth.example.com/realms/pdm");
    assertThat(data.path("MP_JWT_VERIFY_PUBLICKEY_LOCATION").asText())
        .isEqualTo("file:/etc/pdm/jwt/publicKey.pem");
  }

  @Test
  void inClusterPostgresqlAndBrokerReplaceTheExternalEndpoints() {
    RenderedManifests rendered =
        chart.renderYaml(
            """
            postgresql:
              enabled: true
              auth:
                database: tickets
            broker:
              enabled: true
              auth:
                allowAnonymous: true
            """);
    JsonNode data = rendered.one("ConfigMap", NAME).object().path("data");

    assertThat(data.path("QUARKUS_DATASOURCE_JDBC_URL").asText())
        .isEqualTo("jdbc:postgresql://fleet-postgresql:5432/tickets");
    assertThat(data.path("PDM_MQTT_HOST").asText()).isEqualTo("fleet-pdm-broker");
  }

  @Test
  void tlsBrokerIsAnnouncedBesideHostAndPort() {
    JsonNode data =
        chart
            .render(Map.of("external.mqtt.scheme", "ssl", "external.mqtt.port", 8883))
            .one("ConfigMap", NAME)
            .object()
            .path("data");

    assertThat(data.path("PDM_MQTT_SSL").asText()).isEqualTo("true");
    assertThat(data.path("PDM_MQTT_PORT").asText()).isEqualTo("8883");
  }

  @Test
  void explicitJdbcUrlWinsOverHostAndPort() {
    String url = "jdbc:postgresql://db:5432/pdm?sslmode=require";
    JsonNode data =
        chart
            .render(Map.of("external.postgresql.jdbcUrl", url))
            .one("ConfigMap", NAME)
            .object()
            .path("data");

    assertThat(data.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).isEqualTo(url);
  }

  @Test
  void jwtPublicKeyIsMountedReadOnlyFromItsSecret() {
    Manifest deployment = chart.render().one("StatefulSet", NAME);
    JsonNode pod = deployment.spec().path("template").path("spec");

    JsonNode mount = named(pod.at("/containers/0/volumeMounts"), "jwt");
    JsonNode volume = named(pod.path("volumes"), "jwt");
    assertThat(mount.path("mountPath").asText()).isEqualTo("/etc/pdm/jwt");
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(volume.at("/secret/secretName").asText()).isEqualTo("pdm-jwt");
    assertThat(volume.at("/secret/items/0/path").asText()).isEqualTo("publicKey.pem");
  }

  @Test
  void imageTagDefaultsToTheChartAppVersion() {
    assertThat(container(chart.render()).path("image").asText())
        .isEqualTo("ghcr.io/pdm/ticket-api:0.1.0");
    assertThat(
            container(chart.render(Map.of("ticketApi.image.tag", "1.2.3"))).path("image").asText())
        .isEqualTo("ghcr.io/pdm/ticket-api:1.2.3");
  }

  @Test
  void fixedReplicasApplyWhileAutoscalingIsOff() {
    RenderedManifests rendered = chart.render(Map.of("ticketApi.replicas", 4));

    assertThat(rendered.one("StatefulSet", NAME).spec().path("replicas").asInt()).isEqualTo(4);
    assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
  }

  @Test
  void autoscalerTakesOverReplicasWhenEnabled() {
    Map<String, Object> values = new HashMap<>();
    values.put("ticketApi.autoscaling.enabled", true);
    values.put("ticketApi.autoscaling.minReplicas", 3);
    values.put("ticketApi.autoscaling.maxReplicas", 9);
    RenderedManifests rendered = chart.render(values);

    assertThat(rendered.one("StatefulSet", NAME).spec().has("replicas")).isFalse();
    JsonNode hpa = rendered.one("HorizontalPodAutoscaler", NAME).spec();
    assertThat(hpa.at("/scaleTargetRef/name").asText()).isEqualTo(NAME);
    assertThat(hpa.at("/scaleTargetRef/kind").asText()).isEqualTo("StatefulSet");
    assertThat(hpa.path("minReplicas").asInt()).isEqualTo(3);
    assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(9);
    assertThat(hpa.at("/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
  }

  @Test
  void disruptionBudgetSelectsTheApiPodsAndCanBeTurnedOff() {
    RenderedManifests rendered = chart.render();
    Manifest pdb = rendered.one("PodDisruptionBudget", NAME);

    assertThat(pdb.spec().path("maxUnavailable").asInt()).isEqualTo(1);
    assertThat(pdb.spec().at("/selector/matchLabels"))
        .isEqualTo(rendered.one("StatefulSet", NAME).spec().at("/selector/matchLabels"));
    assertThat(
            chart
                .render(Map.of("ticketApi.podDisruptionBudget.enabled", false))
                .ofKind("PodDisruptionBudget"))
        .isEmpty();
  }

  @Test
  void ingressRoutesTheHostToTheApiServiceWithTls() {
    RenderedManifests rendered =
        chart.renderYaml(
            """
            ticketApi:
              ingress:
                enabled: true
                host: tickets.example.org
                tlsSecretName: tickets-tls
            """);
    JsonNode ingress = rendered.one("Ingress", NAME).spec();

    assertThat(ingress.at("/rules/0/host").asText()).isEqualTo("tickets.example.org");
    assertThat(ingress.at("/rules/0/http/paths/0/backend/service/name").asText()).isEqualTo(NAME);
    assertThat(ingress.at("/tls/0/secretName").asText()).isEqualTo("tickets-tls");
  }

  @Test
  void disabledTicketApiRendersNothingOfIt() {
    RenderedManifests rendered = chart.render(Map.of("ticketApi.enabled", false));

    assertThat(rendered.ids()).noneMatch(id -> id.contains("ticket-api"));
    assertThat(rendered.fromTemplatesStartingWith("ticket-api")).isEmpty();
  }

  @Test
  void configChangeRollsThePods() {
    String before = checksum(chart.render());
    String after = checksum(chart.render(Map.of("ticketApi.jwt.issuer", "https://other")));

    assertThat(after).isNotEqualTo(before);
  }

  private static String checksum(RenderedManifests rendered) {
    return rendered
        .one("StatefulSet", NAME)
        .spec()
        .at("/template/metadata/annotations/checksum~1config")
        .asText();
  }

  static JsonNode container(RenderedManifests rendered) {
    return rendered.one("StatefulSet", NAME).spec().at("/template/spec/containers/0");
  }
}
