package dev.pdm.ticket.http;

import dev.pdm.ticket.lifecycle.Violation;
import java.util.List;

/** An error the API reports as problem details; thrown from services and resources alike. */
public final class ProblemException extends RuntimeException {

  private final int status;
  private final String slug;
  private final String title;
  private final List<Problem.FieldError> errors;

  public ProblemException(
      int status, String slug, String title, String detail, List<Problem.FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = errors;
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(404, "not-found", "Not Found", what + " does not exist", null);
  }

  public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
    return new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
  }

  public static ProblemException invalidField(String field, String message) {
    return badRequest(field + " " + message, List.of(new Problem.FieldError(field, message)));
  }

  public static ProblemException conflict(String slug, String detail) {
    return new ProblemException(409, slug, "Conflict", detail, null);
  }

  public static ProblemException unmet(String detail, List<Violation> violations) {
    return new ProblemException(
        422,
        "requirements-not-met",
        "Requirements not met",
        detail,
        violations.stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList());
  }

  public static ProblemException unprocessable(String slug, String detail) {
    return new ProblemException(422, slug, "Unprocessable request", detail, null);
  }

  public static ProblemException stale(long current) {
    return new ProblemException(
        412,
        "stale-version",
        "Precondition Failed",
        "the ticket changed meanwhile; current version is " + current + ", reload and retry",
        null);
  }

  public static ProblemException ifMatchRequired() {
    return new ProblemException(
        428,
        "if-match-required",
        "Precondition Required",
        "updates need an If-Match header with the ticket's ETag",
        null);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "forbidden", "Forbidden", detail, null);
  }

  public int status() {
    return status;
  }

  public Problem toProblem(String instance) {
    return new Problem(ProblemTypes.uri(slug), title, status, getMessage(), instance, errors);
  }
}
