package dev.pdm.model.codec;

import java.time.Instant;
import java.util.regex.Pattern;

/** Field checks shared by the record constructors; each failure names the field. */
public final class Validation {

  /** Serials, sites, batches and ids travel in MQTT topic levels and URLs: keep them plain. */
  public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Device clocks before this are unset clocks, not history. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Device clocks after this are broken clocks. */
  public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  private static final int MAX_TEXT = 256;

  private Validation() {}

  public static <T> T require(String field, T value) {
    if (value == null) {
      throw new InvalidEventException(field, "is required");
    }
    return value;
  }

  public static String requireText(String field, String value) {
    require(field, value);
    if (value.isBlank()) {
      throw new InvalidEventException(field, "must not be blank");
    }
    if (value.length() > MAX_TEXT) {
      throw new InvalidEventException(field, "is longer than " + MAX_TEXT + " characters");
    }
    return value;
  }

  public static String optionalText(String field, String value) {
    return value == null ? null : requireText(field, value);
  }

  public static String requireIdentifier(String field, String value) {
    require(field, value);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new InvalidEventException(
          field, "'" + abbreviate(value) + "' is not 1-64 characters of [A-Za-z0-9._-]");
    }
    return value;
  }

  public static String optionalIdentifier(String field, String value) {
    return value == null ? null : requireIdentifier(field, value);
  }

  public static Instant requireDeviceTime(String field, Instant value) {
    require(field, value);
    if (value.isBefore(EARLIEST) || !value.isBefore(LATEST)) {
      throw new InvalidEventException(field, value + " is outside " + EARLIEST + " .. " + LATEST);
    }
    return value;
  }

  public static long requireNonNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidEventException(field, "must be >= 0 but was " + value);
    }
    return value;
  }

  public static double requireFinite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidEventException(field, "must be a finite number");
    }
    return value;
  }

  public static int requireSchemaVersion(int version) {
    if (version < 1 || version > Schema.VERSION) {
      throw new InvalidEventException(
          "schemaVersion",
          "unsupported version " + version + " (this build reads 1.." + Schema.VERSION + ")");
    }
    return version;
  }

  static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
