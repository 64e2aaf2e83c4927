package dev.pdm.ticket.ruleset.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.rules.examples.ValidationReport;
import dev.pdm.ticket.ruleset.Activation;
import dev.pdm.ticket.ruleset.RulesetVersion;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the ruleset API. */
public final class RulesetRequests {

  private RulesetRequests() {}

  /**
   * A new version: DRL and its example cases ({@code [{name, request, expect}]}, the format of the
   * default ruleset's examples).
   *
   * @param activate put it in force right after it was stored
   */
  public record Upload(
      @NotBlank String label,
      String comment,
      @NotBlank String drl,
      @NotNull JsonNode examples,
      boolean activate) {}

  /** A version with its DRL and examples. */
  public record VersionDetail(
      long id,
      String engineVersion,
      String label,
      String comment,
      List<String> ruleNames,
      String createdBy,
      Instant createdAt,
      boolean active,
      String drl,
      JsonNode examples) {}

  /** A version in lists. */
  public record VersionSummary(
      long id,
      String engineVersion,
      String label,
      String comment,
      int rules,
      String createdBy,
      Instant createdAt,
      boolean active) {
    static VersionSummary of(RulesetVersion v, long activeId) {
      return new VersionSummary(
          v.id(),
          v.engineVersion(),
          v.label(),
          v.comment(),
          v.ruleNames().size(),
          v.createdBy(),
          v.createdAt(),
          v.id() == activeId);
    }
  }

  /** The answer to an accepted upload: the stored version and how its examples went. */
  public record UploadResult(VersionSummary version, ValidationReport validation) {}

  /** The version in force now. */
  public record ActiveView(long versionId, String engineVersion, Activation activation) {}
}
