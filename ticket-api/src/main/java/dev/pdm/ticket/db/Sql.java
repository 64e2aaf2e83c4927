package dev.pdm.ticket.db;

import io.vertx.pgclient.PgException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Conversions between Java time and the PostgreSQL client, and error classification. */
public final class Sql {

  private Sql() {}

  public static OffsetDateTime ts(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  public static String[] textArray(List<String> values) {
    return values == null ? null : values.toArray(String[]::new);
  }

  public static List<String> list(String[] values) {
    return values == null ? null : List.of(values);
  }

  /** Whether a failure is a unique-constraint violation, optionally of a named constraint. */
  public static boolean isUniqueViolation(Throwable t, String constraint) {
    return t instanceof PgException pg
        && "23505".equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }

  public static boolean isCheckViolation(Throwable t, String constraint) {
    return t instanceof PgException pg
        && "23514".equals(pg.getSqlState())
        && (constraint == null || constraint.equals(pg.getConstraint()));
  }
}
