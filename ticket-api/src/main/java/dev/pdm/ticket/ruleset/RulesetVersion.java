package dev.pdm.ticket.ruleset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * One stored ruleset version.
 *
 * @param id the version number; the rules see it as {@code v<id>} ({@link #engineVersion()})
 * @param examplesJson the example cases uploaded with it, as JSON
 */
public record RulesetVersion(
    long id,
    String label,
    String comment,
    @JsonIgnore String drl,
    @JsonIgnore String examplesJson,
    List<String> ruleNames,
    String createdBy,
    Instant createdAt) {

  /** The version string decisions carry: {@code v7}. */
  public String engineVersion() {
    return engineVersion(id);
  }

  public static String engineVersion(long id) {
    return "v" + id;
  }
}
