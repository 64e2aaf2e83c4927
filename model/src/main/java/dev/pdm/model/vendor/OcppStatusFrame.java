package dev.pdm.model.vendor;

import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireNonNegative;
import static dev.pdm.model.codec.Validation.requireText;

import dev.pdm.model.codec.InvalidEventException;
import java.time.Instant;

/**
 * What a charger publishes on {@code devices/charger/{serial}/alarm}: an OCPP 1.6
 * StatusNotification with the charge point's identity from its BootNotification alongside, and a
 * message counter.
 *
 * @param seq the charger's message counter (also its OCPP message id)
 * @param ts the device clock, epoch milliseconds
 */
public record OcppStatusFrame(
    String chargePointSerialNumber,
    String chargePointModel,
    String firmwareVersion,
    long seq,
    long ts,
    String action,
    OcppStatusNotification payload) {

  public static final String ACTION = "StatusNotification";

  public OcppStatusFrame {
    requireIdentifier("chargePointSerialNumber", chargePointSerialNumber);
    requireText("chargePointModel", chargePointModel);
    requireText("firmwareVersion", firmwareVersion);
    requireNonNegative("seq", seq);
    requireNonNegative("ts", ts);
    require("action", action);
    if (!ACTION.equals(action)) {
      throw new InvalidEventException("action", "'" + action + "' is not " + ACTION);
    }
    require("payload", payload);
  }

  /** The notification's own timestamp where the charger sent one, else the frame's. */
  public Instant deviceTime() {
    return payload.timestamp() != null ? payload.timestamp() : Instant.ofEpochMilli(ts);
  }
}
