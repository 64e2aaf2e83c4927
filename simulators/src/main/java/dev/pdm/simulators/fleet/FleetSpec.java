package dev.pdm.simulators.fleet;

import java.time.LocalDate;

/**
 * What to generate.
 *
 * @param customers number of customers owning the sites; 0 picks one per three sites
 * @param serialPrefix prepended to every serial, so that several fleets can share one broker
 * @param referenceDay the first simulated day: every device is installed before it
 */
public record FleetSpec(
    long seed,
    int inverters,
    int batteries,
    int chargers,
    int sites,
    int customers,
    String serialPrefix,
    LocalDate referenceDay) {}
