package dev.pdm.simulators.scenario;

/** A planned alarm state change of one device. */
public record AlarmTransition(
    long atMillis, String serial, String code, boolean raise, String faultId) {}
