package dev.pdm.model.vendor;

import static dev.pdm.model.codec.Validation.optionalText;
import static dev.pdm.model.codec.Validation.require;

import dev.pdm.model.codec.InvalidEventException;
import java.time.Instant;
import java.util.List;

/**
 * The payload of an OCPP 1.6 StatusNotification.req, field for field.
 *
 * @param errorCode a ChargePointErrorCode; {@code NoError} clears the connector's active code
 * @param status a ChargePointStatus
 * @param timestamp optional in OCPP; the frame's {@code ts} is used when absent
 */
public record OcppStatusNotification(
    int connectorId,
    String errorCode,
    String status,
    Instant timestamp,
    String info,
    String vendorId,
    String vendorErrorCode) {

  /** OCPP 1.6 ChargePointErrorCode, in the order of the specification. */
  public static final List<String> ERROR_CODES =
      List.of(
          "ConnectorLockFailure",
          "EVCommunicationError",
          "GroundFailure",
          "HighTemperature",
          "InternalError",
          "LocalListConflict",
          "NoError",
          "OtherError",
          "OverCurrentFailure",
          "OverVoltage",
          "PowerMeterFailure",
          "PowerSwitchFailure",
          "ReaderFailure",
          "ResetFailure",
          "UnderVoltage",
          "WeakSignal");

  /** OCPP 1.6 ChargePointStatus. */
  public static final List<String> STATUSES =
      List.of(
          "Available",
          "Preparing",
          "Charging",
          "SuspendedEVSE",
          "SuspendedEV",
          "Finishing",
          "Reserved",
          "Unavailable",
          "Faulted");

  public OcppStatusNotification {
    if (connectorId < 0) {
      throw new InvalidEventException("payload.connectorId", "must be >= 0 but was " + connectorId);
    }
    require("payload.errorCode", errorCode);
    if (!ERROR_CODES.contains(errorCode)) {
      throw new InvalidEventException(
          "payload.errorCode", "'" + errorCode + "' is not an OCPP 1.6 ChargePointErrorCode");
    }
    require("payload.status", status);
    if (!STATUSES.contains(status)) {
      throw new InvalidEventException(
          "payload.status", "'" + status + "' is not an OCPP 1.6 ChargePointStatus");
    }
    optionalText("payload.info", info);
    optionalText("payload.vendorId", vendorId);
    optionalText("payload.vendorErrorCode", vendorErrorCode);
  }
}
