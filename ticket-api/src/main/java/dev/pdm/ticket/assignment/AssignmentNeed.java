package dev.pdm.ticket.assignment;

import java.util.Set;

/** What a ticket needs from an engineer: where, which product line, which skills. */
public record AssignmentNeed(
    String region, String deviceClass, String model, Set<String> requiredSkills) {}
