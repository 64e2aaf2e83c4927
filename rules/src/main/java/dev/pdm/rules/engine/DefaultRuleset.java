package dev.pdm.rules.engine;

import dev.pdm.rules.examples.ExampleCase;
import dev.pdm.rules.examples.ExampleCases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The ruleset a service organisation starts from, with the example cases that pin it down. */
public final class DefaultRuleset {

  public static final String VERSION = "default-3";

  static final String DRL_RESOURCE = "/dev/pdm/rules/default/device-tickets.drl";
  static final String EXAMPLES_RESOURCE = "/dev/pdm/rules/default/device-tickets.examples.json";

  private DefaultRuleset() {}

  public static String drl() {
    return resource(DRL_RESOURCE);
  }

  public static List<ExampleCase> examples() {
    return ExampleCases.parse(resource(EXAMPLES_RESOURCE));
  }

  /** Compiles the default ruleset with the given engine. */
  public static CompiledRuleset compile(RuleEngine engine) {
    return engine.compile(VERSION, drl());
  }

  private static String resource(String name) {
    try (InputStream in = DefaultRuleset.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
