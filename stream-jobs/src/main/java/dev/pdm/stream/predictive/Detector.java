package dev.pdm.stream.predictive;

import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.event.Metrics;
import dev.pdm.model.event.TelemetryReading;

/**
 * The degradation signals watched per device. Each turns a reading into one number whose trend
 * means wear, normalised so that operating point (load, current, weather) does not look like a
 * trend; NaN when the reading cannot say (no load, no session, metric missing).
 */
public enum Detector {
  /**
   * Heat-sink rise over ambient at equal load: a clogging fan or drying thermal paste. Fitted
   * against load (covariate) and time together, so daily load swings do not read as a trend.
   */
  HEATSINK_TEMP_RISE(DeviceClass.INVERTER, "pdm-predict:HEATSINK_TEMP_RISE", "K", 100) {
    @Override
    double signal(TelemetryReading r) {
      if (!(r.metric(Metrics.LOAD_PCT) >= MIN_LOAD_PCT)) {
        return Double.NaN;
      }
      return r.metric(Metrics.HEATSINK_TEMP_C) - r.metric(Metrics.AMBIENT_TEMP_C);
    }

    @Override
    double covariate(TelemetryReading r) {
      return r.metric(Metrics.LOAD_PCT);
    }
  },
  /** Insulation resistance of the PV array to ground: moisture or damaged cabling. */
  INSULATION_DECLINE(DeviceClass.INVERTER, "pdm-predict:INSULATION_DECLINE", "kOhm", Double.NaN) {
    @Override
    double signal(TelemetryReading r) {
      return r.metric(Metrics.INSULATION_RESISTANCE_KOHM);
    }
  },
  /** Spread between the highest and lowest cell voltage: a weakening cell. */
  CELL_VOLTAGE_SPREAD(DeviceClass.BMS, "pdm-predict:CELL_VOLTAGE_SPREAD", "mV", Double.NaN) {
    @Override
    double signal(TelemetryReading r) {
      double spread = r.metric(Metrics.CELL_VOLTAGE_SPREAD_MV);
      if (Double.isNaN(spread)) {
        spread =
            (r.metric(Metrics.CELL_VOLTAGE_MAX_V) - r.metric(Metrics.CELL_VOLTAGE_MIN_V)) * 1000;
      }
      return spread;
    }
  },
  /**
   * Connector temperature over ambient at equal current: a loosening or corroding contact heats
   * more at the same current. The covariate is (I / 32 A) squared, as Joule heating goes. Ambient
   * is the charger's reported one, else its site's ({@link SiteAmbientFunction}); without either
   * the rise is not measurable (a fixed assumed ambient read every warm spell as connector wear).
   */
  CONNECTOR_TEMP_RISE(DeviceClass.CHARGER, "pdm-predict:CONNECTOR_TEMP_RISE", "K", 1.0) {
    @Override
    double signal(TelemetryReading r) {
      if (!(r.metric(Metrics.CHARGE_CURRENT_A) >= MIN_CHARGE_CURRENT_A)) {
        return Double.NaN;
      }
      double ambient = r.metric(Metrics.AMBIENT_TEMP_C);
      if (Double.isNaN(ambient)) {
        ambient = r.metric(SiteAmbientFunction.SITE_AMBIENT_TEMP_C);
      }
      return r.metric(Metrics.CONNECTOR_TEMP_C) - ambient;
    }

    @Override
    double covariate(TelemetryReading r) {
      double ratio = r.metric(Metrics.CHARGE_CURRENT_A) / REFERENCE_CURRENT_A;
      return ratio * ratio;
    }
  };

  static final double MIN_LOAD_PCT = 30;
  static final double MIN_CHARGE_CURRENT_A = 8;
  static final double REFERENCE_CURRENT_A = 32;

  private final DeviceClass deviceClass;
  private final String code;
  private final String unit;
  private final double referenceCovariate;

  Detector(DeviceClass deviceClass, String code, String unit, double referenceCovariate) {
    this.deviceClass = deviceClass;
    this.code = code;
    this.unit = unit;
    this.referenceCovariate = referenceCovariate;
  }

  /** Whether the trend is fitted at equal operating point (load or current). */
  public boolean adjusted() {
    return !Double.isNaN(referenceCovariate);
  }

  /** The operating point the reported level is given at (full load, 32 A). */
  public double referenceCovariate() {
    return referenceCovariate;
  }

  /** The operating point of a reading; NaN for detectors without one. */
  double covariate(TelemetryReading r) {
    return Double.NaN;
  }

  public DeviceClass deviceClass() {
    return deviceClass;
  }

  public String code() {
    return code;
  }

  public String unit() {
    return unit;
  }

  /** The signal of a reading, NaN when not measurable now. */
  abstract double signal(TelemetryReading r);

  public TrendRule rule(PredictiveConfig config) {
    return switch (this) {
      case HEATSINK_TEMP_RISE -> config.heatsink();
      case INSULATION_DECLINE -> config.insulation();
      case CELL_VOLTAGE_SPREAD -> config.cellSpread();
      case CONNECTOR_TEMP_RISE -> config.connector();
    };
  }
}
