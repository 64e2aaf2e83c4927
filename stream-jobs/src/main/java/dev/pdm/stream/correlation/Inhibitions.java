package dev.pdm.stream.correlation;

import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import java.util.Map;
import java.util.Set;

/**
 * Which causes mute which symptoms (Alertmanager inhibition). Two kinds: a site cause mutes
 * symptoms on every device at its site (the grid went away, so every inverter there sees it); an
 * ALARM mutes its own WARNING twin on the same device (the catalogue's {@code twin}).
 */
public final class Inhibitions {

  public static final String GRID_DISCONNECT = "sunspec-inv:GRID_DISCONNECT";

  /** Site cause to the symptoms it mutes at that site. */
  private static final Map<String, Set<String>> SITE_RULES =
      Map.of(
          GRID_DISCONNECT,
          Set.of(
              "sunspec-inv:AC_UNDER_VOLT",
              "sunspec-inv:AC_DISCONNECT",
              "sunspec-inv:UNDER_FREQUENCY"));

  private Inhibitions() {}

  public static boolean isSiteCause(String code) {
    return SITE_RULES.containsKey(code);
  }

  /** Whether {@code cause}, active anywhere at a site, mutes {@code symptom} there. */
  public static boolean siteCauseMutes(String cause, String symptom) {
    Set<String> symptoms = SITE_RULES.get(cause);
    return symptoms != null && symptoms.contains(symptom);
  }

  /** The ALARM whose activity mutes this WARNING on the same device, or null. */
  public static String mutingAlarmTwin(String code) {
    AlarmCode entry = AlarmCatalogue.standard().find(code).orElse(null);
    if (entry == null || entry.twin() == null || entry.isAlarmLevel()) {
      return null;
    }
    return entry.twin();
  }

  /** The WARNING this ALARM mutes, or null. */
  public static String mutedWarningTwin(String code) {
    AlarmCode entry = AlarmCatalogue.standard().find(code).orElse(null);
    if (entry == null || entry.twin() == null || !entry.isAlarmLevel()) {
      return null;
    }
    return entry.twin();
  }
}
