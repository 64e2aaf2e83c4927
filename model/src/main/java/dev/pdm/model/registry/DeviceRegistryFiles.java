package dev.pdm.model.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.model.codec.EventCodec;
import dev.pdm.model.codec.InvalidEventException;
import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The device registry as files: CSV (RFC 4180, header row) and JSON (an array of {@link
 * DeviceFacts}). Reading never stops at a bad row: it returns the good rows and, per rejected row,
 * its line (or index) and the reason.
 */
public final class DeviceRegistryFiles {

  /** CSV columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "serial",
          "device_class",
          "model",
          "firmware",
          "batch",
          "site_id",
          "site_name",
          "province",
          "region",
          "timezone",
          "customer_id",
          "customer_name",
          "customer_tier",
          "install_date",
          "warranty_end");

  private DeviceRegistryFiles() {}

  /** A row that could not be read, with the 1-based line (CSV) or 0-based index (JSON). */
  public record RejectedRow(long position, String reason) {}

  /** The outcome of reading a registry. */
  public record RegistryRead(List<DeviceFacts> devices, List<RejectedRow> rejected) {}

  public static void writeCsv(Path file, List<DeviceFacts> devices) {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (DeviceFacts d : devices) {
      out.append(String.join(",", csvRow(d).stream().map(DeviceRegistryFiles::quote).toList()))
          .append('\n');
    }
    write(file, out.toString());
  }

  public static void writeJson(Path file, List<DeviceFacts> devices) {
    write(
        file,
        EventCodec.encodeToString(devices).replace("},{", "},\n{").replace("[{", "[\n{") + "\n");
  }

  public static RegistryRead readCsv(Path file) {
    try {
      return parseCsv(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RegistryRead readJson(Path file) {
    try {
      return parseJson(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads either format, by file extension. */
  public static RegistryRead read(Path file) {
    return file.getFileName().toString().endsWith(".json") ? readJson(file) : readCsv(file);
  }

  public static RegistryRead parseCsv(String text) {
    List<DeviceFacts> devices = new ArrayList<>();
    List<RejectedRow> rejected = new ArrayList<>();
    List<List<String>> rows = CsvParser.parse(text);
    if (rows.isEmpty()) {
      return new RegistryRead(devices, rejected);
    }
    List<String> header = rows.get(0).stream().map(String::trim).toList();
    if (!header.equals(COLUMNS)) {
      rejected.add(new RejectedRow(1, "header must be " + String.join(",", COLUMNS)));
      return new RegistryRead(devices, rejected);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      long line = i + 1;
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      if (row.size() != COLUMNS.size()) {
        rejected.add(
            new RejectedRow(line, "has " + row.size() + " fields, expected " + COLUMNS.size()));
        continue;
      }
      try {
        DeviceFacts facts = fromRow(row);
        if (!seen.add(facts.serial())) {
          rejected.add(new RejectedRow(line, "serial " + facts.serial() + " appears twice"));
          continue;
        }
        devices.add(facts);
      } catch (IllegalArgumentException e) {
        rejected.add(new RejectedRow(line, e.getMessage()));
      }
    }
    return new RegistryRead(devices, rejected);
  }

  public static RegistryRead parseJson(byte[] json) {
    List<DeviceFacts> devices = new ArrayList<>();
    List<RejectedRow> rejected = new ArrayList<>();
    JsonNode tree;
    try {
      tree = EventCodec.mapper().readTree(json);
    } catch (IOException e) {
      rejected.add(new RejectedRow(0, "not valid JSON: " + e.getMessage()));
      return new RegistryRead(devices, rejected);
    }
    if (tree == null || !tree.isArray()) {
      rejected.add(new RejectedRow(0, "expected a JSON array of devices"));
      return new RegistryRead(devices, rejected);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tree.size(); i++) {
      try {
        DeviceFacts facts =
            EventCodec.decode(
                EventCodec.mapper().writeValueAsBytes(tree.get(i)), DeviceFacts.class, List.of());
        if (!seen.add(facts.serial())) {
          rejected.add(new RejectedRow(i, "serial " + facts.serial() + " appears twice"));
          continue;
        }
        devices.add(facts);
      } catch (IllegalArgumentException e) {
        rejected.add(new RejectedRow(i, e.getMessage()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new RegistryRead(devices, rejected);
  }

  static DeviceFacts fromRow(List<String> f) {
    return new DeviceFacts(
        blankToNull(f.get(0)),
        parse("device_class", f.get(1), DeviceClass::parse),
        blankToNull(f.get(2)),
        blankToNull(f.get(3)),
        blankToNull(f.get(4)),
        blankToNull(f.get(5)),
        blankToNull(f.get(6)),
        blankToNull(f.get(7)),
        blankToNull(f.get(8)),
        blankToNull(f.get(9)),
        blankToNull(f.get(10)),
        blankToNull(f.get(11)),
        parse("customer_tier", f.get(12), s -> CustomerTier.valueOf(s.trim())),
        parse("install_date", f.get(13), s -> LocalDate.parse(s.trim())),
        parse("warranty_end", f.get(14), s -> LocalDate.parse(s.trim())));
  }

  private static <T> T parse(
      String column, String value, java.util.function.Function<String, T> p) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(column, "is required");
    }
    try {
      return p.apply(value);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidEventException(column, "'" + value + "' is not valid");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static List<String> csvRow(DeviceFacts d) {
    return List.of(
        d.serial(),
        d.deviceClass().name(),
        d.model(),
        d.firmware(),
        d.batch(),
        d.siteId(),
        d.siteName(),
        d.province(),
        d.region(),
        d.timezone(),
        d.customerId(),
        d.customerName(),
        d.customerTier().name(),
        d.installDate().toString(),
        d.warrantyEnd().toString());
  }

  private static String quote(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static void write(Path file, String text) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF line ends. */
  static final class CsvParser {
    private CsvParser() {}

    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else {
          field.append(c);
        }
      }
      if (field.length() > 0 || !row.isEmpty()) {
        row.add(field.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
