package dev.pdm.ticket.idempotency;

import dev.pdm.ticket.db.Sql;
import dev.pdm.ticket.http.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Idempotent creates: the first request with a key stores its response in the same transaction as
 * the created row; a retry with the same key and body gets that response again, a different body
 * gets a 422. A concurrent retry waits on the key's row lock until the first commits.
 */
@ApplicationScoped
public class IdempotencyStore {

  /** A stored (or fresh) response. */
  public record StoredResponse(
      int status, String location, String etag, String body, boolean replay) {}

  public static String hash(String canonicalBody) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonicalBody.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code create} once per (scope, key) inside the caller's transaction.
   *
   * @param create produces the response of a first request
   */
  public Uni<StoredResponse> once(
      SqlClient db,
      String scope,
      String key,
      String requestHash,
      Instant now,
      Supplier<Uni<StoredResponse>> create) {
    if (key.length() > 200) {
      throw ProblemException.invalidField("Idempotency-Key", "must be at most 200 characters");
    }
    return db.preparedQuery(
            """
            INSERT INTO idempotency_key (scope, key, request_hash, created_at)
            VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key
            """)
        .execute(Tuple.of(scope, key, requestHash, Sql.ts(now)))
        .chain(
            claimed -> {
              if (claimed.size() == 1) {
                return create
                    .get()
                    .call(
                        r ->
                            db.preparedQuery(
                                    """
                                    UPDATE idempotency_key SET status = $3, location = $4,
                                      etag = $5, body = $6 WHERE scope = $1 AND key = $2
                                    """)
                                .execute(
                                    Tuple.from(
                                        Arrays.asList(
                                            scope,
                                            key,
                                            r.status(),
                                            r.location(),
                                            r.etag(),
                                            r.body()))));
              }
              return stored(db, scope, key)
                  .map(
                      s -> {
                        Row r =
                            s.orElseThrow(
                                () -> new IllegalStateException("idempotency key vanished"));
                        if (!r.getString("request_hash").equals(requestHash)) {
                          throw ProblemException.unprocessable(
                              "idempotency-key-reused",
                              "Idempotency-Key " + key + " was used for a different request");
                        }
                        return new StoredResponse(
                            r.getInteger("status"),
                            r.getString("location"),
                            r.getString("etag"),
                            r.getString("body"),
                            true);
                      });
            });
  }

  private Uni<Optional<Row>> stored(SqlClient db, String scope, String key) {
    return db.preparedQuery("SELECT * FROM idempotency_key WHERE scope = $1 AND key = $2")
        .execute(Tuple.of(scope, key))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }
}
