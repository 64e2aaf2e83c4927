package dev.pdm.ticket.db;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Events for other components, written in the transaction of the change that caused them; a relay
 * publishes them to MQTT later, so an event exists if and only if its change committed.
 */
@ApplicationScoped
public class Outbox {

  public Uni<Void> publish(SqlClient db, String topic, JsonNode payload, Instant at) {
    return db.preparedQuery(
            "INSERT INTO outbox (topic, payload, created_at) VALUES ($1, $2::text::jsonb, $3)")
        .execute(Tuple.of(topic, payload.toString(), Sql.ts(at)))
        .replaceWithVoid();
  }
}
