package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pdm.helm.RenderedManifests.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart conventions: labels, one kind per template, documented and schema-covered values. */
class ChartConventionsTest {

  private static final Pattern KEY_LINE = Pattern.compile("^(\\s*)([A-Za-z][\\w.-]*):(.*)$");

  private final RenderedManifests everything = EverythingOn.render();

  @Test
  void appVersionIsTheMavenVersionWithoutSnapshot() throws IOException {
    JsonNode chart =
        new YAMLMapper().readTree(ChartUnderTest.sourceChartDir().resolve("Chart.yaml").toFile());
    String projectVersion = System.getProperty("pdm.project.version");

    assertThat(projectVersion).as("pdm.project.version system property").isNotBlank();
    assertThat(chart.path("appVersion").asText())
        .isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
  }

  @Test
  void everyObjectCarriesTheStandardLabels() {
    for (Manifest m : everything.manifests()) {
      JsonNode labels = m.labels();
      String id = m.kind() + "/" + m.name();
      assertThat(labels.path("app.kubernetes.io/name").asText()).as(id).isEqualTo("pdm");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).as(id).isEqualTo("fleet");
      assertThat(labels.path("app.kubernetes.io/component").asText()).as(id).isNotEmpty();
      assertThat(labels.path("app.kubernetes.io/version").asText()).as(id).isEqualTo("0.1.0");
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).as(id).isEqualTo("Helm");
      assertThat(labels.path("app.kubernetes.io/part-of").asText()).as(id).isEqualTo("pdm");
    }
  }

  @Test
  void commonLabelsReachEveryObject() {
    RenderedManifests rendered =
        ChartUnderTest.get()
            .render(
                Map.of("commonLabels.team", "reliability"),
                ChartUnderTest.get().valuesFile(EverythingOn.VALUES));

    assertThat(rendered.manifests())
        .allSatisfy(m -> assertThat(m.labels().path("team").asText()).isEqualTo("reliability"));
  }

  @Test
  void everyObjectIsPrefixedWithTheReleaseFullname() {
    for (Manifest m : everything.manifests()) {
      if (m.kind().equals("ServiceAccount") && m.name().equals("flink")) {
        continue; // the operator's conventional name, chosen by value
      }
      assertThat(m.name()).as(m.kind()).startsWith("fleet-pdm");
    }
  }

  @Test
  void eachTemplateFileRendersOneKind() {
    Map<String, Set<String>> kindsBySource = new TreeMap<>();
    for (Manifest m : everything.manifests()) {
      kindsBySource.computeIfAbsent(m.source(), s -> new TreeSet<>()).add(m.kind());
    }

    assertThat(kindsBySource).isNotEmpty();
    kindsBySource.forEach((source, kinds) -> assertThat(kinds).as(source).hasSize(1));
  }

  @Test
  void everyTemplateFileRendersSomethingWithEverythingOn() throws IOException {
    Set<String> rendered = new TreeSet<>();
    everything.manifests().forEach(m -> rendered.add(m.source().replaceFirst("^pdm/", "")));

    try (var files = Files.list(ChartUnderTest.sourceChartDir().resolve("templates"))) {
      List<String> templates =
          files.map(f -> "templates/" + f.getFileName()).filter(f -> f.endsWith(".yaml")).toList();
      assertThat(rendered).containsAll(templates);
    }
  }

  @Test
  void everyValueIsCommented() throws IOException {
    List<String> lines = Files.readAllLines(ChartUnderTest.sourceChartDir().resolve("values.yaml"));
    List<String> undocumented = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY_LINE.matcher(lines.get(i));
      if (!key.matches()) {
        continue;
      }
      boolean inlineComment = key.group(3).contains(" # ");
      boolean commentAbove = i > 0 && lines.get(i - 1).strip().startsWith("#");
      if (!inlineComment && !commentAbove) {
        undocumented.add((i + 1) + ": " + lines.get(i).strip());
      }
    }

    assertThat(undocumented).as("values.yaml keys without a comment").isEmpty();
  }

  @Test
  void everyValueTheTemplatesReadHasADefault() throws IOException {
    JsonNode values =
        new YAMLMapper().readTree(ChartUnderTest.sourceChartDir().resolve("values.yaml").toFile());
    Pattern reference = Pattern.compile("\\.Values\\.([A-Za-z0-9_.]+)");
    Set<String> undefined = new TreeSet<>();
    int references = 0;

    try (var files = Files.list(ChartUnderTest.sourceChartDir().resolve("templates"))) {
      for (Path template : files.toList()) {
        Matcher m = reference.matcher(Files.readString(template));
        while (m.find()) {
          references++;
          String path = m.group(1).replaceAll("\\.$", "");
          if (values.at("/" + path.replace('.', '/')).isMissingNode()) {
            undefined.add(template.getFileName() + ": .Values." + path);
          }
        }
      }
    }

    assertThat(references).isGreaterThan(50);
    assertThat(undefined).as("values read by templates but missing from values.yaml").isEmpty();
  }

  @Test
  void schemaDescribesEveryDefaultValue() throws IOException {
    JsonNode values =
        new YAMLMapper().readTree(ChartUnderTest.sourceChartDir().resolve("values.yaml").toFile());
    JsonNode schema =
        new ObjectMapper()
            .readTree(ChartUnderTest.sourceChartDir().resolve("values.schema.json").toFile());
    List<String> missing = new ArrayList<>();

    collectUndescribed(values, schema, schema, "", missing);

    assertThat(missing).as("values without a schema entry").isEmpty();
  }

  /** Walks the defaults next to the schema; open objects (no properties) end the walk. */
  private static void collectUndescribed(
      JsonNode value, JsonNode schema, JsonNode root, String path, List<String> missing) {
    JsonNode resolved = resolve(schema, root);
    if (!value.isObject() || !resolved.has("properties")) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode property = resolved.path("properties").path(field.getKey());
      String childPath = path + "." + field.getKey();
      if (property.isMissingNode()) {
        missing.add(childPath);
      } else {
        collectUndescribed(field.getValue(), property, root, childPath, missing);
      }
    }
  }

  private static JsonNode resolve(JsonNode schema, JsonNode root) {
    JsonNode ref = schema.path("$ref");
    if (ref.isTextual() && ref.asText().startsWith("#/")) {
      return root.at(ref.asText().substring(1));
    }
    return schema;
  }
}
