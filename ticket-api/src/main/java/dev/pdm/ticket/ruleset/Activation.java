package dev.pdm.ticket.ruleset;

import java.time.Instant;

/** One activation or rollback: which version came into force, replacing which, by whom. */
public record Activation(
    long id, long versionId, Long previousId, String action, String actor, Instant at) {}
