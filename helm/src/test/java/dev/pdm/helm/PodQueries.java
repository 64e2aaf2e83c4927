package dev.pdm.helm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Navigation over rendered Kubernetes objects that several tests share. */
final class PodQueries {

  private PodQueries() {}

  /** The entry of a list of named items (containers, env, volumes, ports) with that name. */
  static JsonNode named(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("name").asText().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("no entry named " + name + " in " + list);
  }

  static List<String> envNames(JsonNode container) {
    List<String> names = new ArrayList<>();
    container.path("env").forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  /** A plain env value, or fails if the variable is missing or comes from a reference. */
  static String envValue(JsonNode container, String name) {
    JsonNode env = named(container.path("env"), name);
    if (!env.has("value")) {
      throw new AssertionError(name + " is not a plain value: " + env);
    }
    return env.path("value").asText();
  }

  /** "secret/key" of an env variable read from a Secret. */
  static String secretRef(JsonNode container, String name) {
    JsonNode ref = named(container.path("env"), name).at("/valueFrom/secretKeyRef");
    if (ref.isMissingNode()) {
      throw new AssertionError(name + " is not read from a Secret");
    }
    return ref.path("name").asText() + "/" + ref.path("key").asText();
  }

  /**
   * Pod specs of every workload, keyed by "Kind/name": Deployments, StatefulSets and the pod
   * template the Flink operator applies to the JobManager and TaskManagers.
   */
  static Map<String, JsonNode> podSpecs(RenderedManifests rendered) {
    Map<String, JsonNode> pods = new LinkedHashMap<>();
    for (Manifest m : rendered.manifests()) {
      switch (m.kind()) {
        case "Deployment", "StatefulSet" ->
            pods.put(m.kind() + "/" + m.name(), m.spec().at("/template/spec"));
        case "FlinkDeployment" ->
            pods.put(m.kind() + "/" + m.name(), m.spec().at("/podTemplate/spec"));
        default -> {}
      }
    }
    return pods;
  }
}
