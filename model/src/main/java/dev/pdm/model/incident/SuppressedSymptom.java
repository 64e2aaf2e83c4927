package dev.pdm.model.incident;

import static dev.pdm.model.codec.Validation.require;
import static dev.pdm.model.codec.Validation.requireIdentifier;
import static dev.pdm.model.codec.Validation.requireText;

import java.time.Instant;

/**
 * A symptom muted by a cause (GRID_DISCONNECT at a site mutes AC_UNDER_VOLT there; an ALARM mutes
 * its own WARNING twin): recorded on the cause's incident instead of opening one of its own.
 */
public record SuppressedSymptom(String serial, String code, Instant at, String causeCode) {
  public SuppressedSymptom {
    requireIdentifier("suppressed.serial", serial);
    requireText("suppressed.code", code);
    require("suppressed.at", at);
    requireText("suppressed.causeCode", causeCode);
  }
}
