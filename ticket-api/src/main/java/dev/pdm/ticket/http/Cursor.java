package dev.pdm.ticket.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: the position after which the next page starts, base64url-encoded with a kind
 * prefix so a cursor from one list is refused by another.
 */
public final class Cursor {

  private Cursor() {}

  public static String encode(String kind, String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position, or null without a cursor; a foreign or garbled cursor is a 400. */
  public static String decode(String kind, String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField("cursor", "is not a cursor this API issued");
    }
    if (!text.startsWith(kind + ":")) {
      throw ProblemException.invalidField("cursor", "is not a cursor this API issued");
    }
    return text.substring(kind.length() + 1);
  }

  public static Long decodeLong(String kind, String cursor) {
    String p = decode(kind, cursor);
    try {
      return p == null ? null : Long.valueOf(p);
    } catch (NumberFormatException e) {
      throw ProblemException.invalidField("cursor", "is not a cursor this API issued");
    }
  }

  /** Validates a page size. */
  public static int limit(Integer requested, int defaultLimit, int max) {
    if (requested == null) {
      return defaultLimit;
    }
    if (requested < 1 || requested > max) {
      throw ProblemException.invalidField("limit", "must be between 1 and " + max);
    }
    return requested;
  }
}
