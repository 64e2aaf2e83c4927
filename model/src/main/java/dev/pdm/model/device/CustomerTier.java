package dev.pdm.model.device;

/** Service tier of the customer who owns a device; drives SLA targets and priorities. */
public enum CustomerTier {
  PLATINUM,
  GOLD,
  SILVER,
  STANDARD
}
