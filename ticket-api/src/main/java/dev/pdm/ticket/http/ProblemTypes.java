package dev.pdm.ticket.http;

/** Problem type URIs: stable identifiers a client can switch on. */
public final class ProblemTypes {

  private static final String BASE = "https://pdm.local/problems/";

  private ProblemTypes() {}

  public static String uri(String slug) {
    return BASE + slug;
  }
}
