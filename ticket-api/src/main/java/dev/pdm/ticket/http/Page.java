package dev.pdm.ticket.http;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;

/** One page of a list, with the link to the next page when there is one. */
public record Page<T>(List<T> items, String next) {

  /**
   * Builds a page from {@code limit + 1} fetched rows: the extra row only tells that there is more.
   */
  public static <T> Page<T> of(
      List<T> fetched, int limit, String kind, Function<T, String> position, UriInfo uri) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, limit);
    String cursor = Cursor.encode(kind, position.apply(items.get(limit - 1)));
    String next =
        uri.getRequestUriBuilder()
            .replaceQueryParam("cursor", cursor)
            .replaceQueryParam("limit", limit)
            .build()
            .toString();
    return new Page<>(List.copyOf(items), next);
  }
}
