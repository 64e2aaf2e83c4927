package dev.pdm.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The objects of one {@code helm template} run, each with the template file it came from. */
record RenderedManifests(List<Manifest> manifests) {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (\\S+)");

  /** One rendered Kubernetes object. */
  record Manifest(String source, JsonNode object) {
    String kind() {
      return object.path("kind").asText();
    }

    String name() {
      return object.path("metadata").path("name").asText();
    }

    JsonNode labels() {
      return object.path("metadata").path("labels");
    }

    JsonNode spec() {
      return object.path("spec");
    }
  }

  static RenderedManifests parse(String output) {
    List<Manifest> manifests = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(output)) {
      Matcher source = SOURCE.matcher(document);
      if (!source.find()) {
        continue;
      }
      try {
        JsonNode object = YAML.readTree(document);
        if (object != null && !object.isMissingNode() && object.has("kind")) {
          manifests.add(new Manifest(source.group(1), object));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("unparseable document from " + source.group(1), e);
      }
    }
    return new RenderedManifests(List.copyOf(manifests));
  }

  List<Manifest> ofKind(String kind) {
    return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  Manifest one(String kind, String name) {
    return manifests.stream()
        .filter(m -> m.kind().equals(kind) && m.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new NoSuchElementException(kind + "/" + name + " not rendered; have " + ids()));
  }

  Set<String> kinds() {
    return manifests.stream().map(Manifest::kind).collect(Collectors.toCollection(TreeSet::new));
  }

  Set<String> ids() {
    return manifests.stream()
        .map(m -> m.kind() + "/" + m.name())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Objects whose template file name starts with the given component prefix. */
  List<Manifest> fromTemplatesStartingWith(String prefix) {
    return manifests.stream()
        .filter(m -> m.source().substring(m.source().lastIndexOf('/') + 1).startsWith(prefix))
        .toList();
  }
}
