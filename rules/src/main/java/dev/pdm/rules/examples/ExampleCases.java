package dev.pdm.rules.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.pdm.model.codec.EventCodec;
import java.util.List;

/**
 * Example cases as JSON: an array of {@code {name, request, expect}}, where {@code request} holds
 * the incident or batch signal in wire format, the device registry row, the tickets and {@code
 * now}.
 */
public final class ExampleCases {

  private static final TypeReference<List<ExampleCase>> LIST = new TypeReference<>() {};

  private ExampleCases() {}

  /**
   * @throws IllegalArgumentException naming what is wrong with the JSON
   */
  public static List<ExampleCase> parse(String json) {
    try {
      return List.copyOf(EventCodec.mapper().readValue(json, LIST));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid example cases: " + e.getOriginalMessage(), e);
    }
  }

  public static String toJson(List<ExampleCase> examples) {
    try {
      return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(examples);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
