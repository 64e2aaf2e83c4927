package dev.pdm.model.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.event.AlarmEvent;
import dev.pdm.model.event.TelemetryReading;
import dev.pdm.model.incident.Incident;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * JSON codec of the wire contract. Decoding is strict where it matters and lenient where the
 * contract says so: unknown fields are ignored; missing required fields, wrong types (no "12" for
 * 12), out-of-range values, oversize payloads and trailing garbage are rejected with an {@link
 * InvalidEventException} naming the field and the problem.
 */
public final class EventCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  /** Primitive fields have no null to catch in a constructor: check that they are present. */
  private static final List<String> ALARM_PRIMITIVES = List.of("schemaVersion", "seq");

  private static final List<String> TELEMETRY_PRIMITIVES = List.of("schemaVersion", "seq");
  private static final List<String> INCIDENT_PRIMITIVES =
      List.of("schemaVersion", "version", "occurrences", "flapping", "flapCount");
  private static final List<String> BATCH_PRIMITIVES =
      List.of(
          "schemaVersion",
          "version",
          "affectedDevices",
          "population",
          "batchRate",
          "fleetRate",
          "rateRatio",
          "confidence",
          "statistic",
          "threshold");

  private EventCodec() {}

  /** The configured mapper, for code that serialises these records in other envelopes. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] encode(Object event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String encodeToString(Object event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AlarmEvent decodeAlarm(byte[] payload) {
    return decode(payload, AlarmEvent.class, ALARM_PRIMITIVES);
  }

  public static TelemetryReading decodeTelemetry(byte[] payload) {
    return decode(payload, TelemetryReading.class, TELEMETRY_PRIMITIVES);
  }

  public static Incident decodeIncident(byte[] payload) {
    return decode(payload, Incident.class, INCIDENT_PRIMITIVES);
  }

  public static BatchRiskSignal decodeBatchRisk(byte[] payload) {
    return decode(payload, BatchRiskSignal.class, BATCH_PRIMITIVES);
  }

  /**
   * Decodes any record type of the contract; {@code requiredPrimitives} lists the fields that must
   * be present because a missing primitive would otherwise silently become zero.
   */
  public static <T> T decode(byte[] payload, Class<T> type, List<String> requiredPrimitives) {
    JsonNode tree = readObject(payload);
    for (String field : requiredPrimitives) {
      JsonNode value = tree.get(field);
      if (value == null || value.isNull()) {
        throw new InvalidEventException(field, "is required");
      }
    }
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw translate(e);
    } catch (IllegalArgumentException e) {
      throw invalidCause(e);
    }
  }

  /** Parses the payload as one JSON object, enforcing the size limit first. */
  public static JsonNode readObject(byte[] payload) {
    if (payload == null || payload.length == 0) {
      throw new InvalidEventException(null, "empty payload");
    }
    if (payload.length > Schema.MAX_PAYLOAD_BYTES) {
      throw new InvalidEventException(
          null,
          "payload of " + payload.length + " bytes exceeds " + Schema.MAX_PAYLOAD_BYTES + " bytes");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(null, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidEventException(null, "expected a JSON object");
    }
    return tree;
  }

  private static InvalidEventException translate(JsonProcessingException e) {
    InvalidEventException fromConstructor = findCause(e);
    if (fromConstructor != null) {
      return fromConstructor;
    }
    String field = null;
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      field =
          mapping.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
    }
    if (e instanceof InvalidFormatException format && format.getTargetType() != null) {
      Class<?> target = format.getTargetType();
      if (target.isEnum()) {
        return new InvalidEventException(
            field,
            "'"
                + format.getValue()
                + "' is not one of "
                + Arrays.toString(target.getEnumConstants()));
      }
      return new InvalidEventException(
          field, "'" + format.getValue() + "' is not a valid " + target.getSimpleName());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new InvalidEventException(
          field, "expected " + describe(mismatch.getTargetType()) + ": " + e.getOriginalMessage());
    }
    return new InvalidEventException(field, e.getOriginalMessage());
  }

  private static String describe(Class<?> type) {
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    return "a " + type.getSimpleName();
  }

  private static InvalidEventException invalidCause(RuntimeException e) {
    InvalidEventException cause = findCause(e);
    return cause != null ? cause : new InvalidEventException(null, String.valueOf(e.getMessage()));
  }

  private static InvalidEventException findCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidEventException invalid) {
        return invalid;
      }
    }
    return null;
  }
}
