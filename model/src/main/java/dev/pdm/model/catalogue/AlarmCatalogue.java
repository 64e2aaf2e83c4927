package dev.pdm.model.catalogue;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alarm-code catalogue, loaded once from {@code alarm-codes.tsv} beside this class: every code
 * the system understands, with class, default severity, failure family, descriptions in English and
 * Chinese and troubleshooting hints.
 */
public final class AlarmCatalogue {

  public static final String OCPP_NO_ERROR = "ocpp16:NoError";

  private static final AlarmCatalogue STANDARD = load("alarm-codes.tsv");

  private final Map<String, AlarmCode> byCode;

  private AlarmCatalogue(Map<String, AlarmCode> byCode) {
    this.byCode = Collections.unmodifiableMap(byCode);
  }

  public static AlarmCatalogue standard() {
    return STANDARD;
  }

  public Optional<AlarmCode> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  public AlarmCode get(String code) {
    return find(code).orElseThrow(() -> new IllegalArgumentException("unknown alarm code " + code));
  }

  public List<AlarmCode> all() {
    return List.copyOf(byCode.values());
  }

  public List<AlarmCode> of(AlarmStandard standard) {
    return byCode.values().stream().filter(c -> c.standard() == standard).toList();
  }

  /** The SunSpec code for an Evt1 bit of the given class, if the bit is defined. */
  public Optional<AlarmCode> bySunSpecBit(DeviceClass deviceClass, int bit) {
    AlarmStandard standard =
        deviceClass == DeviceClass.INVERTER
            ? AlarmStandard.SUNSPEC_INVERTER
            : deviceClass == DeviceClass.BMS ? AlarmStandard.SUNSPEC_BATTERY : null;
    if (standard == null) {
      return Optional.empty();
    }
    return byCode.values().stream()
        .filter(c -> c.standard() == standard && c.bit() == bit)
        .findFirst();
  }

  private static AlarmCatalogue load(String resource) {
    Map<String, AlarmCode> codes = new LinkedHashMap<>();
    try (InputStream in = AlarmCatalogue.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing catalogue resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>(reader.lines().toList());
      boolean header = true;
      for (String line : lines) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 10) {
          throw new IllegalStateException("catalogue line has " + f.length + " fields: " + line);
        }
        AlarmStandard standard = AlarmStandard.ofCode(f[0]);
        AlarmCode code =
            new AlarmCode(
                f[0],
                standard,
                f[0].substring(f[0].indexOf(':') + 1),
                DeviceClass.valueOf(f[1]),
                f[2].isEmpty() ? -1 : Integer.parseInt(f[2]),
                Severity.valueOf(f[3]),
                f[4],
                f[5].isEmpty() ? null : f[5],
                f[6],
                f[7],
                f[8],
                f[9]);
        if (codes.put(code.code(), code) != null) {
          throw new IllegalStateException("duplicate catalogue code " + code.code());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AlarmCatalogue(codes);
  }
}
