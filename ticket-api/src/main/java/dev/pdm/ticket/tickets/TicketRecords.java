package dev.pdm.ticket.tickets;

import static dev.pdm.ticket.db.Sql.instant;
import static dev.pdm.ticket.db.Sql.ts;

import dev.pdm.ticket.http.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Plain SQL for what hangs off a ticket: comments, attachments, sub-tasks, parts, links. */
@ApplicationScoped
public class TicketRecords {

  public record CommentView(long id, String author, String body, Instant createdAt) {}

  public record AttachmentView(
      long id, String url, String name, String mediaType, String addedBy, Instant createdAt) {}

  public record SubtaskView(
      long id, String title, boolean done, String createdBy, Instant createdAt, Instant doneAt) {}

  public record PartRequestView(
      long id,
      String partNumber,
      int quantity,
      String reason,
      String status,
      String requestedBy,
      String decidedBy,
      Instant decidedAt,
      Instant createdAt) {}

  public record LinkView(long from, long to, String kind, String createdBy, Instant createdAt) {}

  public Uni<CommentView> addComment(
      SqlClient db, long ticket, String author, String body, Instant at) {
    return one(
        db,
        "INSERT INTO ticket_comment (ticket_id, author, body, created_at) VALUES ($1, $2, $3, $4) RETURNING *",
        Tuple.of(ticket, author, body, ts(at)),
        TicketRecords::comment);
  }

  public Uni<List<CommentView>> comments(SqlClient db, long ticket) {
    return all(
        db,
        "SELECT * FROM ticket_comment WHERE ticket_id = $1 ORDER BY id",
        ticket,
        TicketRecords::comment);
  }

  public Uni<AttachmentView> addAttachment(
      SqlClient db, long ticket, String url, String name, String mediaType, String by, Instant at) {
    return one(
        db,
        "INSERT INTO ticket_attachment (ticket_id, url, name, media_type, added_by, created_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
        Tuple.of(ticket, url, name, mediaType, by, ts(at)),
        TicketRecords::attachment);
  }

  public Uni<List<AttachmentView>> attachments(SqlClient db, long ticket) {
    return all(
        db,
        "SELECT * FROM ticket_attachment WHERE ticket_id = $1 ORDER BY id",
        ticket,
        TicketRecords::attachment);
  }

  public Uni<SubtaskView> addSubtask(
      SqlClient db, long ticket, String title, String by, Instant at) {
    return one(
        db,
        "INSERT INTO ticket_subtask (ticket_id, title, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING *",
        Tuple.of(ticket, title, by, ts(at)),
        TicketRecords::subtask);
  }

  public Uni<SubtaskView> completeSubtask(SqlClient db, long ticket, long subtask, Instant at) {
    return db.preparedQuery(
            "UPDATE ticket_subtask SET done = true, done_at = coalesce(done_at, $3)"
                + " WHERE ticket_id = $1 AND id = $2 RETURNING *")
        .execute(Tuple.of(ticket, subtask, ts(at)))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw ProblemException.notFound("sub-task " + subtask + " of ticket " + ticket);
              }
              return subtask(rows.iterator().next());
            });
  }

  public Uni<List<SubtaskView>> subtasks(SqlClient db, long ticket) {
    return all(
        db,
        "SELECT * FROM ticket_subtask WHERE ticket_id = $1 ORDER BY id",
        ticket,
        TicketRecords::subtask);
  }

  public Uni<PartRequestView> requestPart(
      SqlClient db, long ticket, String part, int qty, String reason, String by, Instant at) {
    return one(
        db,
        "INSERT INTO spare_part_request (ticket_id, part_number, quantity, reason, status,"
            + " requested_by, created_at) VALUES ($1, $2, $3, $4, 'REQUESTED', $5, $6) RETURNING *",
        Tuple.from(Arrays.asList(ticket, part, qty, reason, by, ts(at))),
        TicketRecords::part);
  }

  /** Decides a pending request; a decided request cannot be decided again. */
  public Uni<PartRequestView> decidePart(
      SqlClient db, long ticket, long request, boolean approve, String by, Instant at) {
    return db.preparedQuery(
            "UPDATE spare_part_request SET status = $3, decided_by = $4, decided_at = $5"
                + " WHERE ticket_id = $1 AND id = $2 AND status = 'REQUESTED' RETURNING *")
        .execute(Tuple.of(ticket, request, approve ? "APPROVED" : "REJECTED", by, ts(at)))
        .chain(
            rows -> {
              if (rows.size() == 1) {
                return Uni.createFrom().item(part(rows.iterator().next()));
              }
              return db.preparedQuery(
                      "SELECT status FROM spare_part_request WHERE ticket_id = $1 AND id = $2")
                  .execute(Tuple.of(ticket, request))
                  .map(
                      r -> {
                        if (r.size() == 0) {
                          throw ProblemException.notFound(
                              "part request " + request + " of ticket " + ticket);
                        }
                        throw ProblemException.conflict(
                            "already-decided",
                            "part request "
                                + request
                                + " is already "
                                + r.iterator().next().getString(0));
                      });
            });
  }

  public Uni<List<PartRequestView>> parts(SqlClient db, long ticket) {
    return all(
        db,
        "SELECT * FROM spare_part_request WHERE ticket_id = $1 ORDER BY id",
        ticket,
        TicketRecords::part);
  }

  public Uni<LinkView> link(SqlClient db, long from, long to, String kind, String by, Instant at) {
    return db.preparedQuery(
            "INSERT INTO ticket_link (from_id, to_id, kind, created_by, created_at)"
                + " SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM ticket WHERE id = $2)"
                + " ON CONFLICT DO NOTHING RETURNING *")
        .execute(Tuple.of(from, to, kind, by, ts(at)))
        .chain(
            rows ->
                rows.size() == 1
                    ? Uni.createFrom().item(link(rows.iterator().next()))
                    : db.preparedQuery(
                            "SELECT * FROM ticket_link WHERE from_id = $1 AND to_id = $2 AND kind = $3")
                        .execute(Tuple.of(from, to, kind))
                        .map(
                            r -> {
                              if (r.size() == 0) {
                                throw ProblemException.unprocessable(
                                    "unknown-ticket", "ticket " + to + " does not exist");
                              }
                              return link(r.iterator().next());
                            }));
  }

  /** Links in both directions, so a device ticket shows its problem record too. */
  public Uni<List<LinkView>> links(SqlClient db, long ticket) {
    return all(
        db,
        "SELECT * FROM ticket_link WHERE from_id = $1 OR to_id = $1 ORDER BY created_at, from_id, to_id",
        ticket,
        TicketRecords::link);
  }

  private static <T> Uni<T> one(SqlClient db, String sql, Tuple p, Function<Row, T> f) {
    return db.preparedQuery(sql).execute(p).map(rows -> f.apply(rows.iterator().next()));
  }

  private static <T> Uni<List<T>> all(SqlClient db, String sql, long ticket, Function<Row, T> f) {
    return db.preparedQuery(sql)
        .execute(Tuple.of(ticket))
        .map(
            rows -> {
              List<T> out = new ArrayList<>();
              rows.forEach(r -> out.add(f.apply(r)));
              return out;
            });
  }

  private static CommentView comment(Row r) {
    return new CommentView(
        r.getLong("id"),
        r.getString("author"),
        r.getString("body"),
        instant(r.getOffsetDateTime("created_at")));
  }

  private static AttachmentView attachment(Row r) {
    return new AttachmentView(
        r.getLong("id"),
        r.getString("url"),
        r.getString("name"),
        r.getString("media_type"),
        r.getString("added_by"),
        instant(r.getOffsetDateTime("created_at")));
  }

  private static SubtaskView subtask(Row r) {
    return new SubtaskView(
        r.getLong("id"),
        r.getString("title"),
        r.getBoolean("done"),
        r.getString("created_by"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("done_at")));
  }

  private static PartRequestView part(Row r) {
    return new PartRequestView(
        r.getLong("id"),
        r.getString("part_number"),
        r.getInteger("quantity"),
        r.getString("reason"),
        r.getString("status"),
        r.getString("requested_by"),
        r.getString("decided_by"),
        instant(r.getOffsetDateTime("decided_at")),
        instant(r.getOffsetDateTime("created_at")));
  }

  private static LinkView link(Row r) {
    return new LinkView(
        r.getLong("from_id"),
        r.getLong("to_id"),
        r.getString("kind"),
        r.getString("created_by"),
        instant(r.getOffsetDateTime("created_at")));
  }
}
