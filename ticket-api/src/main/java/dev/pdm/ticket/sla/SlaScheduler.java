package dev.pdm.ticket.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pdm.model.topic.Topics;
import dev.pdm.ticket.config.TicketApiConfig;
import dev.pdm.ticket.db.Outbox;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fires SLA warnings and escalations. Each run claims due clocks with SKIP LOCKED and records every
 * firing (event row, outbox row, next level) in the same transaction, so with any number of
 * replicas each level fires exactly once; the unique (ticket, clock, level) constraint is the last
 * line of defence.
 */
@ApplicationScoped
public class SlaScheduler {

  private static final Logger LOG = Logger.getLogger(SlaScheduler.class);

  private final Pool pool;
  private final SlaStore store;
  private final SlaService sla;
  private final Outbox outbox;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final int batchSize;
  private final String replica;
  private final java.util.concurrent.atomic.AtomicLong scheduledSweeps =
      new java.util.concurrent.atomic.AtomicLong();

  public SlaScheduler(
      Pool pool,
      SlaStore store,
      SlaService sla,
      Outbox outbox,
      ObjectMapper mapper,
      Clock clock,
      TicketApiConfig config) {
    this.pool = pool;
    this.store = store;
    this.sla = sla;
    this.outbox = outbox;
    this.mapper = mapper;
    this.clock = clock;
    this.batchSize = config.sla().batchSize();
    this.replica = config.sla().replicaName();
  }

  @Scheduled(
      every = "${pdm.sla.scan-interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> tick() {
    return runOnce(clock.instant())
        .invoke(fired -> scheduledSweeps.incrementAndGet())
        .onFailure()
        .invoke(e -> LOG.warn("SLA scan failed; the next run retries", e))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Scheduled sweeps this replica has completed (failed ones not counted). */
  public long scheduledSweeps() {
    return scheduledSweeps.get();
  }

  /** Fires everything due at {@code now}; returns how many levels fired. */
  public Uni<Integer> runOnce(Instant now) {
    return pool.withTransaction(
        db ->
            store
                .claimDue(db, now, batchSize)
                .chain(
                    due ->
                        due.isEmpty()
                            ? Uni.createFrom().item(0)
                            : store.calendars(db).chain(cals -> fireAll(db, due, cals, now))));
  }

  private Uni<Integer> fireAll(
      SqlClient db, List<ClockRow> due, java.util.Map<String, CalendarEntry> cals, Instant now) {
    Uni<Integer> chain = Uni.createFrom().item(0);
    for (ClockRow c : due) {
      BusinessCalendar cal = sla.calendar(cals, c.calendarId(), c.zone());
      chain = chain.chain(n -> fire(db, c, cal, c.nextLevel(), now).map(k -> n + k));
    }
    return chain;
  }

  /** Fires every level of one clock that is due, then stores where it stands. */
  private Uni<Integer> fire(
      SqlClient db, ClockRow c, BusinessCalendar cal, int level, Instant now) {
    SlaLevels levels = sla.levelsOf(c);
    Instant at = sla.nextFire(levels, c.state(), cal, level);
    if (at == null || at.isAfter(now)) {
      ClockRow next =
          new ClockRow(
              c.ticketId(),
              c.clock(),
              c.calendarId(),
              c.zone(),
              c.state(),
              c.pausedSeconds(),
              c.dueAt(),
              level,
              at,
              c.stoppedAt(),
              c.levels());
      return store.save(db, next).replaceWith(0);
    }
    String kind = levels.kind(level);
    return store
        .recordEvent(db, c, level, kind, at, now, replica)
        .chain(
            recorded -> {
              Uni<Void> publish =
                  recorded
                      ? outbox.publish(
                          db, Topics.TICKET_EVENTS, event(c, level, kind, at, now), now)
                      : Uni.createFrom().voidItem();
              return publish
                  .chain(() -> fire(db, c, cal, level + 1, now))
                  .map(n -> n + (recorded ? 1 : 0));
            });
  }

  private ObjectNode event(ClockRow c, int level, String kind, Instant dueAt, Instant firedAt) {
    ObjectNode e = mapper.createObjectNode();
    // the same firing always has the same id, so consumers can drop a repeated delivery
    e.put("eventId", eventId(c.ticketId(), c.clock(), level));
    e.put("event", eventName(level));
    e.put("ticketId", c.ticketId());
    e.put("clock", c.clock());
    e.put("level", level);
    e.put("dueAt", dueAt.toString());
    e.put("firedAt", firedAt.toString());
    e.put("firedBy", replica);
    return e;
  }

  /** The stable id of the event a clock's level fires. */
  public static String eventId(long ticketId, String clock, int level) {
    return "sla-" + ticketId + "-" + clock + "-" + level;
  }

  static String eventName(int level) {
    return switch (level) {
      case SlaLevels.WARNING -> "sla-warning";
      case 1 -> "sla-breach";
      default -> "sla-escalation";
    };
  }
}
