package dev.pdm.simulators.scenario;

import dev.pdm.simulators.fleet.Fleet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The named scenarios and how they compose. A scenario name is one name or several joined with
 * {@code +} ({@code site-grid-outage+charger-firmware-flapping}); every scenario but {@code
 * quiet-month} also runs the background fault mix, and all of them the maintenance noise.
 */
public final class Scenarios {

  public static final String QUIET_MONTH = "quiet-month";
  public static final String MIXED = "mixed";

  private static final Map<String, List<Supplier<Injector>>> NAMED = new LinkedHashMap<>();

  static {
    NAMED.put(DefectiveBatch.NAME, List.of(DefectiveBatch::new));
    NAMED.put(FirmwareFlapping.NAME, List.of(FirmwareFlapping::new));
    NAMED.put(GridOutage.NAME, List.of(GridOutage::new));
    NAMED.put(InverterDegradation.NAME, List.of(InverterDegradation::new));
    NAMED.put(GatewayOffline.NAME, List.of(GatewayOffline::new));
    NAMED.put(SilentDevices.NAME, List.of(SilentDevices::new));
    NAMED.put(BackgroundFaults.NAME, List.of());
    NAMED.put(QUIET_MONTH, List.of());
    NAMED.put(
        MIXED,
        List.of(
            GridOutage::new,
            DefectiveBatch::new,
            FirmwareFlapping::new,
            InverterDegradation::new,
            GatewayOffline::new,
            SilentDevices::new));
  }

  /** Injection order: forced site-wide faults first, then scenario faults, background last. */
  private static final List<String> ORDER =
      List.of(
          GridOutage.NAME,
          DefectiveBatch.NAME,
          FirmwareFlapping.NAME,
          InverterDegradation.NAME,
          GatewayOffline.NAME,
          SilentDevices.NAME);

  private Scenarios() {}

  public static Set<String> known() {
    return NAMED.keySet();
  }

  /** Null when the name is valid, else what is wrong with it, listing the known names. */
  public static String problem(String scenario) {
    if (scenario == null || scenario.isBlank()) {
      return "scenario is required; known scenarios: " + String.join(", ", known());
    }
    for (String part : scenario.split("\\+")) {
      if (!NAMED.containsKey(part.trim())) {
        return "unknown scenario '"
            + part.trim()
            + "'; known scenarios (join several with +): "
            + String.join(", ", known());
      }
    }
    return null;
  }

  /** Plans the faults of a scenario over {@code [from, to)} epoch milliseconds. */
  public static FaultPlan plan(
      String scenario, Fleet fleet, ScenarioParams params, long seed, long from, long to) {
    String problem = problem(scenario);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    List<String> parts = new ArrayList<>();
    boolean background = false;
    for (String p : scenario.split("\\+")) {
      String part = p.trim();
      parts.add(part);
      background |= !part.equals(QUIET_MONTH);
    }
    List<Injector> injectors = new ArrayList<>();
    List<String> wanted = new ArrayList<>();
    for (String part : parts) {
      for (Supplier<Injector> s : NAMED.get(part)) {
        String name = s.get().name();
        if (!wanted.contains(name)) {
          wanted.add(name);
        }
      }
    }
    for (String name : ORDER) {
      if (wanted.contains(name)) {
        injectors.add(NAMED.get(name).get(0).get());
      }
    }
    injectors.add(new MaintenanceNoise());
    if (background) {
      injectors.add(new BackgroundFaults());
    }
    PlanBuilder builder = new PlanBuilder(fleet, params, seed, from, to);
    for (Injector injector : injectors) {
      injector.inject(builder);
    }
    return builder.build(String.join("+", parts));
  }
}
