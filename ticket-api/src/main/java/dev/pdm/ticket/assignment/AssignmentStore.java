package dev.pdm.ticket.assignment;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Plain SQL for groups, engineers and their load. */
@ApplicationScoped
public class AssignmentStore {

  private static final String CANDIDATES =
      """
      SELECT e.id, e.name, e.group_id, g.region, g.device_class, g.model, e.skills,
             e.open_count, e.max_open, e.active
      FROM engineer e JOIN engineer_group g ON g.id = e.group_id
      """;

  public Uni<List<Candidate>> candidates(SqlClient db, String region, String deviceClass) {
    return db.preparedQuery(
            CANDIDATES + " WHERE lower(g.region) = lower($1) AND lower(g.device_class) = lower($2)")
        .execute(Tuple.of(region, deviceClass))
        .map(AssignmentStore::candidates);
  }

  /** The engineers of one group, whatever its region and product line. */
  public Uni<List<Candidate>> groupMembers(SqlClient db, String groupId) {
    return db.preparedQuery(CANDIDATES + " WHERE g.id = $1")
        .execute(Tuple.of(groupId))
        .map(AssignmentStore::candidates);
  }

  public Uni<Optional<Candidate>> engineer(SqlClient db, String id) {
    return db.preparedQuery(CANDIDATES + " WHERE e.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> candidates(rows).stream().findFirst());
  }

  public Uni<List<EngineerView>> engineers(SqlClient db) {
    return db.query(CANDIDATES + " ORDER BY e.id")
        .execute()
        .map(
            rows -> {
              List<EngineerView> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new EngineerView(
                        r.getString("id"),
                        r.getString("name"),
                        r.getString("group_id"),
                        List.of(r.getArrayOfStrings("skills")),
                        r.getInteger("max_open"),
                        r.getInteger("open_count"),
                        r.getBoolean("active")));
              }
              return out;
            });
  }

  /**
   * Takes one unit of the engineer's load if they are still below their threshold: a conditional
   * update, so two concurrent assignments can never both take the last slot.
   *
   * @return the engineer's group when taken
   */
  public Uni<Optional<String>> take(SqlClient db, String engineerId) {
    return db.preparedQuery(
            """
            UPDATE engineer SET open_count = open_count + 1
            WHERE id = $1 AND active AND open_count < max_open RETURNING group_id
            """)
        .execute(Tuple.of(engineerId))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getString(0)));
  }

  public Uni<Void> release(SqlClient db, String engineerId) {
    return db.preparedQuery(
            "UPDATE engineer SET open_count = greatest(open_count - 1, 0) WHERE id = $1")
        .execute(Tuple.of(engineerId))
        .replaceWithVoid();
  }

  public Uni<Void> upsertGroup(SqlClient db, GroupView g) {
    return db.preparedQuery(
            """
            INSERT INTO engineer_group (id, name, region, device_class, model)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region,
              device_class = EXCLUDED.device_class, model = EXCLUDED.model
            """)
        .execute(
            Tuple.from(Arrays.asList(g.id(), g.name(), g.region(), g.deviceClass(), g.model())))
        .replaceWithVoid();
  }

  public Uni<List<GroupView>> groups(SqlClient db) {
    return db.query("SELECT * FROM engineer_group ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<GroupView> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new GroupView(
                        r.getString("id"),
                        r.getString("name"),
                        r.getString("region"),
                        r.getString("device_class"),
                        r.getString("model")));
              }
              return out;
            });
  }

  /** Creates or updates an engineer; the open count is the system's, never the caller's. */
  public Uni<Void> upsertEngineer(SqlClient db, EngineerView e) {
    return db.preparedQuery(
            """
            INSERT INTO engineer (id, name, group_id, skills, max_open, active)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, group_id = EXCLUDED.group_id,
              skills = EXCLUDED.skills, max_open = EXCLUDED.max_open, active = EXCLUDED.active
            """)
        .execute(
            Tuple.from(
                Arrays.asList(
                    e.id(),
                    e.name(),
                    e.groupId(),
                    e.skills().toArray(String[]::new),
                    e.maxOpen(),
                    e.active())))
        .replaceWithVoid();
  }

  private static List<Candidate> candidates(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    List<Candidate> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Candidate(
              r.getString("id"),
              r.getString("group_id"),
              r.getString("region"),
              r.getString("device_class"),
              r.getString("model"),
              Set.of(r.getArrayOfStrings("skills")),
              r.getInteger("open_count"),
              r.getInteger("max_open"),
              r.getBoolean("active")));
    }
    return out;
  }

  /** An engineer group: a region and a product line (device class, optionally one model). */
  public record GroupView(
      @jakarta.validation.constraints.NotBlank String id,
      @jakarta.validation.constraints.NotBlank String name,
      @jakarta.validation.constraints.NotBlank String region,
      @jakarta.validation.constraints.NotBlank String deviceClass,
      String model) {}

  /** An engineer with skills and a load threshold. */
  public record EngineerView(
      @jakarta.validation.constraints.NotBlank String id,
      @jakarta.validation.constraints.NotBlank String name,
      @jakarta.validation.constraints.NotBlank String groupId,
      @jakarta.validation.constraints.NotNull List<String> skills,
      @jakarta.validation.constraints.Min(0) int maxOpen,
      int openCount,
      boolean active) {}
}
