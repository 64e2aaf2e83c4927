package dev.pdm.model.event;

/** Telemetry metric names shared by the simulators, the gateway and the detectors. */
public final class Metrics {

  private Metrics() {}

  // Inverter
  public static final String PV_POWER_W = "pv_power_w";
  public static final String AC_POWER_W = "ac_power_w";
  public static final String DC_VOLTAGE_V = "dc_voltage_v";
  public static final String AC_VOLTAGE_V = "ac_voltage_v";
  public static final String GRID_FREQUENCY_HZ = "grid_frequency_hz";
  public static final String LOAD_PCT = "load_pct";
  public static final String HEATSINK_TEMP_C = "heatsink_temp_c";
  public static final String AMBIENT_TEMP_C = "ambient_temp_c";
  public static final String INSULATION_RESISTANCE_KOHM = "insulation_resistance_kohm";

  // Battery system (BMS)
  public static final String SOC_PCT = "soc_pct";
  public static final String PACK_VOLTAGE_V = "pack_voltage_v";
  public static final String PACK_CURRENT_A = "pack_current_a";
  public static final String CELL_VOLTAGE_MAX_V = "cell_voltage_max_v";
  public static final String CELL_VOLTAGE_MIN_V = "cell_voltage_min_v";
  public static final String CELL_VOLTAGE_SPREAD_MV = "cell_voltage_spread_mv";
  public static final String CELL_TEMP_MAX_C = "cell_temp_max_c";
  public static final String CELL_TEMP_MIN_C = "cell_temp_min_c";

  // Charger
  public static final String SESSION_ACTIVE = "session_active";
  public static final String CHARGE_CURRENT_A = "charge_current_a";
  public static final String CHARGE_POWER_KW = "charge_power_kw";
  public static final String CONNECTOR_TEMP_C = "connector_temp_c";
  public static final String ENERGY_KWH = "energy_kwh";
}
