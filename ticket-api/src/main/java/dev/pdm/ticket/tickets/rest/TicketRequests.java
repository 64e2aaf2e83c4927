package dev.pdm.ticket.tickets.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.ticket.lifecycle.HoldReason;
import dev.pdm.ticket.lifecycle.Priority;
import dev.pdm.ticket.lifecycle.TicketAction;
import dev.pdm.ticket.lifecycle.TicketType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;

/** Request bodies of the ticket endpoints (entities are not API types). */
public final class TicketRequests {

  private TicketRequests() {}

  /** Opens a ticket by hand. */
  public record CreateTicket(
      @NotNull TicketType type,
      @NotNull Priority priority,
      @NotBlank @Size(max = 200) String title,
      @Size(max = 10_000) String description,
      @Size(max = 64) String serial,
      @Size(max = 64) String batch,
      @Size(max = 32) String deviceClass,
      @Size(max = 64) String model,
      @Size(max = 50) List<@NotBlank String> alarmCodes,
      JsonNode evidence,
      @Size(max = 500) List<@NotNull @Positive Long> linkedTickets,
      Boolean autoAssign,
      Set<@NotBlank String> requiredSkills) {}

  /** Field edits; absent fields stay as they are. */
  public record UpdateTicket(
      @Size(min = 1, max = 200) String title,
      @Size(max = 10_000) String description,
      Priority priority,
      @Size(max = 4000) String rootCause,
      @Size(max = 100) List<@NotBlank String> partsUsed,
      Boolean noParts,
      @Size(max = 4000) String resolutionNote,
      JsonNode evidence,
      @Size(max = 50) List<@NotBlank String> alarmCodes) {}

  /** A lifecycle step. */
  public record Transition(
      @NotNull TicketAction action, HoldReason holdReason, @Size(max = 2000) String reason) {}

  /** Assign to an engineer, or let the service pick one (engineer absent). */
  public record Assign(@Size(max = 64) String engineer, Set<@NotBlank String> requiredSkills) {}

  /** The customer's verdict. */
  public record FollowUp(
      @NotNull @Min(1) @Max(5) Integer satisfaction, @Size(max = 4000) String note) {}

  public record Comment(@NotBlank @Size(max = 10_000) String body) {}

  public record Attachment(
      @NotBlank
          @Size(max = 2000)
          @Pattern(regexp = "https?://.+", message = "must be an http(s) URL")
          String url,
      @NotBlank @Size(max = 200) String name,
      @NotBlank @Pattern(regexp = "[\\w.+-]+/[\\w.+-]+", message = "must be a media type")
          String mediaType) {}

  public record Subtask(@NotBlank @Size(max = 200) String title) {}

  public record PartRequest(
      @NotBlank @Size(max = 64) String partNumber,
      @NotNull @Min(1) @Max(1000) Integer quantity,
      @Size(max = 2000) String reason) {}

  public record PartDecision(@NotNull Boolean approve) {}

  public record Link(
      @NotNull @Positive Long to,
      @NotBlank
          @Pattern(
              regexp = "RELATED|DUPLICATE|REOCCURRENCE|PROBLEM_OF",
              message = "must be RELATED, DUPLICATE, REOCCURRENCE or PROBLEM_OF")
          String kind) {}
}
