package dev.pdm.ticket.assignment;

import java.util.Set;

/** An engineer as the scorer sees them, with the group they work in. */
public record Candidate(
    String engineerId,
    String groupId,
    String region,
    String deviceClass,
    String groupModel,
    Set<String> skills,
    int openCount,
    int maxOpen,
    boolean active) {}
