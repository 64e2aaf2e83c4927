package dev.pdm.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural check of an object against a CustomResourceDefinition's openAPIV3Schema: known fields
 * only, types, enums and required fields, as the API server would prune and reject. Covers the
 * subset of OpenAPI the operator's generated CRDs use.
 */
final class CrdSchema {

  private static CrdSchema flinkDeployment;

  private final JsonNode schema;
  private final Set<String> pathsWithoutEnumCheck;

  private CrdSchema(JsonNode schema, Set<String> pathsWithoutEnumCheck) {
    this.schema = schema;
    this.pathsWithoutEnumCheck = pathsWithoutEnumCheck;
  }

  /**
   * The FlinkDeployment v1beta1 CRD of flink-kubernetes-operator-api, loaded once. It is 1.10, the
   * newest release on Maven Central, whose {@code flinkVersion} enum stops at v1_20: that field is
   * left to values.schema.json.
   */
  static synchronized CrdSchema flinkDeployment() {
    if (flinkDeployment == null) {
      flinkDeployment =
          fromClasspath(
              "META-INF/fabric8/flinkdeployments.flink.apache.org-v1beta1.yml",
              Set.of(".spec.flinkVersion"));
    }
    return flinkDeployment;
  }

  /**
   * Loads a CRD from the classpath.
   *
   * @param pathsWithoutEnumCheck paths (like {@code .spec.flinkVersion}) whose enum in this CRD
   *     release is known to be older than what the chart targets
   */
  static CrdSchema fromClasspath(String resource, Set<String> pathsWithoutEnumCheck) {
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      JsonNode crd = new YAMLMapper().readTree(in);
      JsonNode openApi = crd.at("/spec/validation/openAPIV3Schema");
      if (openApi.isMissingNode()) {
        openApi = crd.at("/spec/versions/0/schema/openAPIV3Schema");
      }
      return new CrdSchema(openApi, pathsWithoutEnumCheck);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every violation in the object's spec, each prefixed with the path of the offending field; empty
   * when valid. apiVersion, kind and metadata are the API server's own, not the CRD's.
   */
  List<String> violations(JsonNode object) {
    List<String> violations = new ArrayList<>();
    if (!object.has("spec")) {
      violations.add(".spec: missing");
    } else {
      check(object.path("spec"), schema.at("/properties/spec"), ".spec", violations);
    }
    return violations;
  }

  /**
   * Violations of a plain Kubernetes pod spec, checked against the Pod schema this CRD embeds for
   * its pod templates (generated from the Kubernetes model, so it is the core PodSpec).
   */
  List<String> podSpecViolations(JsonNode podSpec) {
    JsonNode podSpecSchema = schema.at("/properties/spec/properties/podTemplate/properties/spec");
    if (podSpecSchema.isMissingNode()) {
      throw new IllegalStateException("this CRD embeds no pod template schema");
    }
    List<String> violations = new ArrayList<>();
    check(podSpec, podSpecSchema, ".spec", violations);
    return violations;
  }

  private void check(JsonNode value, JsonNode schema, String path, List<String> out) {
    if (schema.has("anyOf")) {
      for (JsonNode branch : schema.path("anyOf")) {
        List<String> branchViolations = new ArrayList<>();
        check(value, branch, path, branchViolations);
        if (branchViolations.isEmpty()) {
          return;
        }
      }
      out.add(path + ": matches none of " + schema.path("anyOf"));
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        out.add(path + ": expected int or string, got " + value);
      }
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      out.add(path + ": expected " + type + ", got " + value.getNodeType());
      return;
    }
    if (schema.has("enum") && !pathsWithoutEnumCheck.contains(path)) {
      boolean listed = false;
      for (JsonNode allowed : schema.path("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        out.add(path + ": " + value + " not in " + schema.path("enum"));
      }
    }
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.path("items"), path + "[" + i + "]", out);
      }
    }
    if (value.isObject()) {
      checkObject(value, schema, path, out);
    }
  }

  private void checkObject(JsonNode value, JsonNode schema, String path, List<String> out) {
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        out.add(path + ": missing required field " + required.asText());
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String childPath = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.path(field.getKey()), childPath, out);
      } else if (additional.isObject()) {
        check(field.getValue(), additional, childPath, out);
      } else if (!open && !additional.asBoolean(false)) {
        out.add(childPath + ": unknown field (the API server would drop it)");
      }
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }
}
