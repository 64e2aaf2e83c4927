package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecurityDefaultsTest {

  private final RenderedManifests everything = EverythingOn.render();

  @Test
  void everyWorkloadIsRendered() {
    assertThat(PodQueries.podSpecs(everything).keySet())
        .containsExactlyInAnyOrder(
            "StatefulSet/fleet-pdm-ticket-api",
            "StatefulSet/fleet-pdm-gw-site-a",
            "StatefulSet/fleet-pdm-gw-site-b",
            "StatefulSet/fleet-pdm-broker",
            "FlinkDeployment/fleet-pdm-stream-jobs");
  }

  @Test
  void everyPodRunsAsNonRootWithTheRuntimeDefaultSeccompProfile() {
    PodQueries.podSpecs(everything)
        .forEach(
            (workload, pod) -> {
              JsonNode context = pod.path("securityContext");
              assertThat(context.path("runAsNonRoot").asBoolean()).as(workload).isTrue();
              assertThat(context.path("runAsUser").asInt()).as(workload).isPositive();
              assertThat(context.at("/seccompProfile/type").asText())
                  .as(workload)
                  .isEqualTo("RuntimeDefault");
            });
  }

  @Test
  void everyContainerDropsAllCapabilitiesAndCannotEscalate() {
    containers()
        .forEach(
            (name, container) -> {
              JsonNode context = container.path("securityContext");
              assertThat(context.path("allowPrivilegeEscalation").isBoolean()).as(name).isTrue();
              assertThat(context.path("allowPrivilegeEscalation").asBoolean()).as(name).isFalse();
              assertThat(texts(context.at("/capabilities/drop"))).as(name).containsExactly("ALL");
            });
  }

  @Test
  void rootFilesystemIsReadOnlyExceptForFlinkWithTmpOnAnEmptyDir() {
    Map<String, JsonNode> pods = PodQueries.podSpecs(everything);
    pods.forEach(
        (workload, pod) -> {
          JsonNode container = pod.at("/containers/0");
          boolean readOnly = container.at("/securityContext/readOnlyRootFilesystem").asBoolean();
          assertThat(readOnly).as(workload).isEqualTo(!workload.startsWith("FlinkDeployment/"));
          JsonNode tmpMount = PodQueries.named(container.path("volumeMounts"), "tmp");
          assertThat(tmpMount.path("mountPath").asText()).as(workload).isEqualTo("/tmp");
          assertThat(PodQueries.named(pod.path("volumes"), "tmp").has("emptyDir"))
              .as(workload)
              .isTrue();
        });
  }

  @Test
  void everyContainerHasRequestsAndLimits() {
    for (Manifest m : everything.manifests()) {
      if (m.kind().equals("FlinkDeployment")) {
        // The operator turns jobManager/taskManager.resource into requests and limits.
        assertThat(m.spec().at("/jobManager/resource/memory").asText()).isNotEmpty();
        assertThat(m.spec().at("/taskManager/resource/cpu").asDouble()).isPositive();
        continue;
      }
      for (JsonNode container : m.spec().at("/template/spec/containers")) {
        String name = m.kind() + "/" + m.name();
        assertThat(container.at("/resources/requests").fieldNames())
            .toIterable()
            .as(name)
            .contains("cpu", "memory");
        assertThat(container.at("/resources/limits").fieldNames())
            .toIterable()
            .as(name)
            .contains("cpu", "memory");
      }
    }
  }

  @Test
  void chartNeverRendersSecretObjects() {
    assertThat(everything.kinds()).doesNotContain("Secret");
    assertThat(ChartUnderTest.get().render().kinds()).doesNotContain("Secret");
  }

  @Test
  void serviceAccountTokensAreNotMountedIntoOurWorkloads() {
    PodQueries.podSpecs(everything).entrySet().stream()
        .filter(e -> !e.getKey().startsWith("FlinkDeployment/"))
        .forEach(
            e ->
                assertThat(e.getValue().path("automountServiceAccountToken").asBoolean(true))
                    .as(e.getKey())
                    .isFalse());
  }

  @Test
  void networkPolicySelectsEveryComponentAndAdmitsOnlyItsPorts() {
    List<Manifest> policies = everything.ofKind("NetworkPolicy");

    assertThat(policies)
        .extracting(Manifest::name)
        .containsExactlyInAnyOrder(
            "fleet-pdm-ticket-api",
            "fleet-pdm-edge-gateway",
            "fleet-pdm-broker",
            "fleet-pdm-stream-jobs");
    JsonNode gateway = policy(policies, "fleet-pdm-edge-gateway");
    assertThat(gateway.path("ingress")).isEmpty();
    assertThat(texts(gateway.path("policyTypes"))).containsExactly("Ingress");
    JsonNode api = policy(policies, "fleet-pdm-ticket-api");
    assertThat(api.at("/ingress/0/ports/0/port").asInt()).isEqualTo(8080);
    JsonNode broker = policy(policies, "fleet-pdm-broker");
    assertThat(broker.at("/ingress/0/ports/0/port").asInt()).isEqualTo(1883);
    assertThat(
            broker
                .at("/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1instance")
                .asText())
        .isEqualTo("fleet");
  }

  @Test
  void brokerPolicyAdmitsEveryClientPodOfTheRelease() {
    JsonNode selector =
        policy(everything.ofKind("NetworkPolicy"), "fleet-pdm-broker")
            .at("/ingress/0/from/0/podSelector/matchLabels");

    PodQueries.podSpecs(everything).keySet().stream()
        .filter(workload -> !workload.equals("StatefulSet/fleet-pdm-broker"))
        .forEach(
            workload -> {
              JsonNode labels = podLabels(workload);
              selector
                  .fields()
                  .forEachRemaining(
                      e ->
                          assertThat(labels.path(e.getKey()).asText())
                              .as("%s label %s", workload, e.getKey())
                              .isEqualTo(e.getValue().asText()));
            });
  }

  @Test
  void disabledNetworkPolicyRendersNone() {
    RenderedManifests rendered =
        ChartUnderTest.get()
            .render(
                Map.of("networkPolicy.enabled", false),
                ChartUnderTest.get().valuesFile(EverythingOn.VALUES));

    assertThat(rendered.ofKind("NetworkPolicy")).isEmpty();
  }

  private JsonNode podLabels(String workload) {
    String[] kindAndName = workload.split("/", 2);
    Manifest m = everything.one(kindAndName[0], kindAndName[1]);
    return m.kind().equals("FlinkDeployment")
        ? m.spec().at("/podTemplate/metadata/labels")
        : m.spec().at("/template/metadata/labels");
  }

  private Map<String, JsonNode> containers() {
    Map<String, JsonNode> containers = new LinkedHashMap<>();
    PodQueries.podSpecs(everything)
        .forEach(
            (workload, pod) ->
                pod.path("containers")
                    .forEach(c -> containers.put(workload + "/" + c.path("name").asText(), c)));
    return containers;
  }

  private static JsonNode policy(List<Manifest> policies, String name) {
    return policies.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().spec();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
