package dev.pdm.ticket.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.ingest.IngestConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to MQTT at QoS 1, at least once. A round claims the oldest unpublished rows
 * with {@code FOR UPDATE SKIP LOCKED} (so replicas relay disjoint rows), publishes them in id
 * order, and marks published, in the same transaction, only the rows the broker acknowledged. A
 * failure or a crash between the acknowledgement and the commit publishes a row again; every event
 * carries a stable {@code eventId} so consumers drop the repeat.
 *
 * <p>The broker settings are those of the ingestion ({@code pdm.mqtt.*}); the publishing connection
 * has its own client id ({@code pdm.mqtt.client-id} plus {@code pdm.outbox.client-id-suffix}) and a
 * clean session, since it subscribes to nothing.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  /** Publishes in flight at once; stays below any broker's receive maximum. */
  static final int WINDOW = 10;

  private final Pool pool;
  private final IngestConfig mqtt;
  private final TicketApiConfig.Outbox config;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final AtomicLong published = new AtomicLong();
  private MqttAsyncClient client;
  private boolean reportedDown;

  public OutboxRelay(
      Pool pool, IngestConfig mqtt, TicketApiConfig config, ObjectMapper mapper, Clock clock) {
    this.pool = pool;
    this.mqtt = mqtt;
    this.config = config.outbox();
    this.mapper = mapper;
    this.clock = clock;
  }

  /** The stable id of an outbox row's event, when its payload does not name one. */
  public static String eventId(long outboxId) {
    return "ticket-event-" + outboxId;
  }

  /** Events this replica has published since it started. */
  public long publishedCount() {
    return published.get();
  }

  @Scheduled(
      every = "${pdm.outbox.interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (!config.enabled()) {
      return;
    }
    try {
      while (relayOnce() == config.batchSize()) {
        // a full round: there may be more waiting
      }
    } catch (RuntimeException e) {
      LOG.warnf("relaying outbox events failed; the next round retries: %s", e.toString());
    }
  }

  /**
   * One round: claims up to a batch of unpublished rows, publishes them and marks the acknowledged
   * ones. Returns how many were marked; 0 when the broker cannot be reached. Blocking: call it on a
   * worker thread.
   */
  public synchronized int relayOnce() {
    MqttAsyncClient c = connected();
    if (c == null) {
      return 0;
    }
    int marked =
        pool.withTransaction(
                db ->
                    claim(db)
                        .chain(rows -> publishAll(c, rows))
                        .chain(acked -> markPublished(db, acked)))
            .await()
            .atMost(config.publishTimeout().plusSeconds(5));
    published.addAndGet(marked);
    return marked;
  }

  void onStop(@Observes ShutdownEvent event) {
    disconnect();
  }

  private record Pending(long id, String topic, byte[] payload) {}

  private Uni<List<Pending>> claim(SqlClient db) {
    return db.preparedQuery(
            "SELECT id, topic, payload::text AS payload FROM outbox WHERE published_at IS NULL"
                + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
        .execute(Tuple.of(config.batchSize()))
        .map(
            rows -> {
              List<Pending> out = new ArrayList<>();
              for (Row r : rows) {
                long id = r.getLong("id");
                out.add(new Pending(id, r.getString("topic"), payload(id, r.getString("payload"))));
              }
              return out;
            });
  }

  private byte[] payload(long id, String json) {
    try {
      ObjectNode node = (ObjectNode) mapper.readTree(json);
      if (!node.hasNonNull("eventId")) {
        node.put("eventId", eventId(id));
      }
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException | ClassCastException e) {
      // not an object: publish it as stored rather than hold up the rows behind it
      return json.getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Publishes window by window, in id order; stops at the first failure so a later event is never
   * acknowledged before an earlier one that failed. Returns the ids the broker acknowledged.
   */
  private Uni<List<Long>> publishAll(MqttAsyncClient c, List<Pending> rows) {
    List<Long> acked = new ArrayList<>();
    Uni<Boolean> chain = Uni.createFrom().item(true);
    for (int from = 0; from < rows.size(); from += WINDOW) {
      List<Pending> window = rows.subList(from, Math.min(rows.size(), from + WINDOW));
      chain =
          chain.chain(
              ok -> {
                if (!ok) {
                  return Uni.createFrom().item(false);
                }
                List<Uni<Boolean>> sends = window.stream().map(p -> publish(c, p)).toList();
                return Uni.join()
                    .all(sends)
                    .andFailFast()
                    .map(
                        results -> {
                          boolean all = true;
                          for (int i = 0; i < results.size(); i++) {
                            if (results.get(i) && all) {
                              acked.add(window.get(i).id());
                            } else {
                              all = false;
                            }
                          }
                          return all;
                        });
              });
    }
    return chain.map(ok -> acked);
  }

  private Uni<Boolean> publish(MqttAsyncClient c, Pending p) {
    return Uni.createFrom()
        .<Boolean>emitter(
            e -> {
              MqttMessage m = new MqttMessage(p.payload());
              m.setQos(1);
              try {
                c.publish(
                    p.topic(),
                    m,
                    null,
                    new MqttActionListener() {
                      @Override
                      public void onSuccess(IMqttToken token) {
                        e.complete(true);
                      }

                      @Override
                      public void onFailure(IMqttToken token, Throwable failure) {
                        LOG.debugf("publishing outbox event %d failed: %s", p.id(), failure);
                        e.complete(false);
                      }
                    });
              } catch (MqttException | RuntimeException failure) {
                LOG.debugf("publishing outbox event %d failed: %s", p.id(), failure);
                e.complete(false);
              }
            })
        .ifNoItem()
        .after(config.publishTimeout())
        .recoverWithItem(false);
  }

  private Uni<Integer> markPublished(SqlClient db, List<Long> ids) {
    if (ids.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return db.preparedQuery("UPDATE outbox SET published_at = $1 WHERE id = ANY ($2)")
        .execute(Tuple.of(Sql.ts(clock.instant()), ids.toArray(Long[]::new)))
        .map(r -> r.rowCount());
  }

  /** The connected client, connecting first if needed; null while the broker is unreachable. */
  private MqttAsyncClient connected() {
    try {
      if (client == null) {
        String uri = (mqtt.ssl() ? "ssl://" : "tcp://") + mqtt.host() + ":" + mqtt.port();
        client =
            new MqttAsyncClient(
                uri, mqtt.clientId() + config.clientIdSuffix(), new MemoryPersistence());
      }
      if (!client.isConnected()) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        mqtt.username().ifPresent(options::setUserName);
        mqtt.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        client.connect(options).waitForCompletion(10_000);
        LOG.infof("relaying outbox events to %s", client.getServerURI());
        reportedDown = false;
      }
      return client;
    } catch (MqttException e) {
      if (!reportedDown) {
        LOG.warnf("cannot reach the MQTT broker for outbox events (%s); retrying", e.getMessage());
        reportedDown = true;
      }
      return null;
    }
  }

  private synchronized void disconnect() {
    MqttAsyncClient c = client;
    client = null;
    if (c == null) {
      return;
    }
    try {
      if (c.isConnected()) {
        c.disconnect(5_000).waitForCompletion(5_000);
      }
      c.close(true);
    } catch (MqttException e) {
      LOG.debugf(e, "closing the outbox MQTT client");
    }
  }
}
