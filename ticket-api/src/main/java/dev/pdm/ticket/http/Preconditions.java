package dev.pdm.ticket.http;

/** If-Match handling: updates must name the version they were based on. */
public final class Preconditions {

  private Preconditions() {}

  /** The version in an If-Match header; 428 when absent, 400 when it is not one of our ETags. */
  public static long requiredVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw ProblemException.ifMatchRequired();
    }
    String v = ifMatch.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ProblemException.invalidField("If-Match", "must be an ETag this API issued");
    }
  }
}
