package dev.pdm.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The pdm chart, prepared for offline rendering.
 *
 * <p>Helm refuses to render a chart whose declared dependencies are missing from {@code charts/},
 * even when their condition disables them, and fetching them needs the network. The chart is
 * therefore copied under {@code target/} and each declared dependency is replaced by an empty stub
 * chart of the same name. Every template of our own renders exactly as in a real install; only the
 * third-party charts contribute nothing.
 */
final class ChartUnderTest {

  static final String RELEASE = "fleet";
  static final String NAMESPACE = "pdm";

  /** A current Kubernetes minor; helm template otherwise assumes a very old default. */
  static final String KUBE_VERSION = "1.31.0";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final AtomicInteger VALUES_FILES = new AtomicInteger();
  private static ChartUnderTest instance;

  private final Path chartDir;
  private final Path valuesDir;

  private ChartUnderTest(Path chartDir, Path valuesDir) {
    this.chartDir = chartDir;
    this.valuesDir = valuesDir;
  }

  /** The shared prepared copy; prepared once per test run. */
  static synchronized ChartUnderTest get() {
    if (instance == null) {
      instance = prepare(sourceChartDir(), workDir());
    }
    return instance;
  }

  static Path sourceChartDir() {
    return Path.of(System.getProperty("pdm.chart.dir", "chart/pdm")).toAbsolutePath();
  }

  static Path examplesDir() {
    return Path.of(System.getProperty("pdm.examples.dir", "examples")).toAbsolutePath();
  }

  private static Path workDir() {
    return Path.of(System.getProperty("pdm.work.dir", "target/chart-under-test")).toAbsolutePath();
  }

  private static ChartUnderTest prepare(Path source, Path work) {
    try {
      deleteRecursively(work);
      Path chart = work.resolve("pdm");
      copyRecursively(source, chart);
      deleteRecursively(chart.resolve("charts"));
      JsonNode metadata = YAML.readTree(chart.resolve("Chart.yaml").toFile());
      for (JsonNode dependency : metadata.path("dependencies")) {
        writeStub(chart.resolve("charts"), dependency);
      }
      Path values = work.resolve("values");
      Files.createDirectories(values);
      return new ChartUnderTest(chart, values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeStub(Path chartsDir, JsonNode dependency) throws IOException {
    String name = dependency.path("name").asText();
    String version = dependency.path("version").asText("0.0.0").replace("x", "0");
    Path stub = chartsDir.resolve(name);
    Files.createDirectories(stub.resolve("templates"));
    Files.writeString(
        stub.resolve("Chart.yaml"),
        "apiVersion: v2\nname: "
            + name
            + "\nversion: "
            + version
            + "\n"
            + "description: offline stand-in for the real dependency chart\n");
  }

  Path dir() {
    return chartDir;
  }

  /** Renders with the chart's defaults plus the given values files, in order. */
  RenderedManifests render(Path... valuesFiles) {
    return render(Map.of(), valuesFiles);
  }

  /** Renders with values files and then {@code --set} overrides. */
  RenderedManifests render(Map<String, Object> sets, Path... valuesFiles) {
    TemplateCommand command =
        new Helm(chartDir)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return RenderedManifests.parse(command.call());
  }

  /** Renders with the given YAML values layered over the defaults. */
  RenderedManifests renderYaml(String valuesYaml) {
    return render(valuesFile(valuesYaml));
  }

  /** Writes YAML values to a fresh file, for values that {@code --set} expresses badly. */
  Path valuesFile(String valuesYaml) {
    Path file = valuesDir.resolve("values-" + VALUES_FILES.incrementAndGet() + ".yaml");
    try {
      Files.writeString(file, valuesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The NOTES.txt shown after install: a client-only dry-run install, no cluster involved. */
  String notes(Path... valuesFiles) {
    InstallCommand command =
        new Helm(chartDir)
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .clientOnly()
            .dryRun();
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    String output = command.call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("no NOTES in install output:\n" + output);
    }
    return output.substring(notes);
  }

  LintResult lintStrict() {
    return new Helm(chartDir).lint().strict().call();
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
        Files.delete(path);
      }
    }
  }
}
