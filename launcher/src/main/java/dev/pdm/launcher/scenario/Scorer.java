package dev.pdm.launcher.scenario;

import dev.pdm.launcher.scenario.Score.FalseTicket;
import dev.pdm.launcher.scenario.Score.FaultScore;
import dev.pdm.launcher.scenario.Score.KindSummary;
import dev.pdm.launcher.scenario.Score.Verdict;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.event.Severity;
import dev.pdm.simulators.scenario.ExpectedOutcome;
import dev.pdm.simulators.scenario.FaultKind;
import dev.pdm.simulators.scenario.GroundTruthFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores the tickets a run opened against the simulator's ground truth. Plain Java: the inputs are
 * the ground-truth file, the tickets and inbox rows read from the store, and the wall-clock
 * instants at which alarm frames reached the broker.
 *
 * <p>Matching: a device ticket belongs to a fault when it is for one of the fault's serials, shares
 * a code with it, and the incident that opened it started inside the fault's window (from its start
 * to its end, with {@link #SLACK} either side). A fault counts as detected when such a ticket
 * exists. Without one, it counts as detected on the device's open ticket when the rules decided its
 * incident (any recorded version) as ESCALATE or FOLD into a ticket of the same device, or when its
 * codes were folded into a ticket of the device opened before the fault ended: the rules fold and
 * escalate into an open ticket on purpose, so such a fault is not missed, but it is reported apart
 * because it has no ticket of its own. A batch-problem ticket belongs to the defective batch of the
 * same batch id. Tickets that belong to no fault are false; tickets that only maintenance noise
 * explains are false too, and say so.
 */
public final class Scorer {

  /** Tolerance around a fault's window for the start of the incident that opened its ticket. */
  static final Duration SLACK = Duration.ofMinutes(10);

  /** When each alarm frame of a device reached the broker: (serial, device time) to wall clock. */
  @FunctionalInterface
  public interface PublishTimes {
    Optional<Instant> firstSeen(String serial, Instant deviceTime);
  }

  private Scorer() {}

  public static Score score(
      List<GroundTruthFault> truth,
      List<StoredTicket> tickets,
      List<StoredIncident> incidents,
      PublishTimes publishTimes,
      Instant horizon) {
    Map<Long, StoredTicket> unexplained = new LinkedHashMap<>();
    tickets.forEach(t -> unexplained.put(t.id(), t));
    Map<Long, String> noiseOnly = new TreeMap<>();
    List<FaultScore> scores = new ArrayList<>();
    for (GroundTruthFault f : truth) {
      FaultScore s =
          switch (f.kind()) {
            case DEFECTIVE_BATCH -> batch(f, truth, tickets, incidents);
            case GATEWAY_OFFLINE -> gatewayWindow(f);
            case SITE_GRID_OUTAGE -> outage(f, tickets, incidents, publishTimes, horizon);
            case MAINTENANCE_NOISE, DEVICE_SILENT -> quiet(f, tickets, noiseOnly);
            default -> device(f, tickets, incidents, publishTimes, horizon);
          };
      if (f.kind() != FaultKind.MAINTENANCE_NOISE && f.kind() != FaultKind.DEVICE_SILENT) {
        s.tickets().forEach(unexplained::remove);
      }
      scores.add(s);
    }
    List<FalseTicket> falseTickets = new ArrayList<>();
    for (StoredTicket t : unexplained.values()) {
      String why =
          noiseOnly.containsKey(t.id())
              ? "opened for maintenance noise " + noiseOnly.get(t.id())
              : t.isBatchProblem()
                  ? "batch problem for a batch that is not defective"
                  : "no injected fault on " + t.serial() + " with codes " + t.allCodes();
      falseTickets.add(new FalseTicket(t.id(), t.type(), t.serial(), t.batch(), why));
    }
    int duplicates = scores.stream().mapToInt(FaultScore::duplicates).sum();
    int missed = (int) scores.stream().filter(s -> s.verdict() == Verdict.MISSED).count();
    int onOpenTicket =
        (int) scores.stream().filter(s -> s.verdict() == Verdict.DETECTED_ON_OPEN_TICKET).count();
    return new Score(
        horizon,
        scores,
        summarise(scores),
        falseTickets,
        tickets.size(),
        duplicates,
        missed,
        onOpenTicket);
  }

  private static FaultScore device(
      GroundTruthFault f,
      List<StoredTicket> tickets,
      List<StoredIncident> incidents,
      PublishTimes publishTimes,
      Instant horizon) {
    boolean predictive = f.expected() == ExpectedOutcome.PREDICTIVE_TICKET;
    List<StoredTicket> opened = openedFor(f, f.serials(), tickets);
    boolean reached = reachedStore(f, incidents);
    boolean due = f.firstAlarmAt() != null && !f.firstAlarmAt().isAfter(horizon);
    if (!due && opened.isEmpty()) {
      return withoutTicket(f, Verdict.NOT_DUE, reached, "");
    }
    List<Long> ids = new ArrayList<>(opened.stream().map(StoredTicket::id).toList());
    Double seconds = null;
    Double lead = null;
    String note = "";
    Verdict verdict;
    if (!opened.isEmpty()) {
      verdict = Verdict.DETECTED;
      StoredTicket first = opened.get(0);
      if (predictive) {
        Optional<StoredTicket> prediction =
            opened.stream()
                .filter(t -> t.openedBy() != null && "PREDICTIVE".equals(t.openedBy().kind()))
                .findFirst();
        if (prediction.isPresent() && f.firstAlarmAt() != null) {
          lead =
              Duration.between(prediction.get().openedBy().firstSeen(), f.firstAlarmAt())
                      .toSeconds()
                  / 3600.0;
        }
        if (prediction.isEmpty() || lead == null || lead <= 0) {
          verdict = Verdict.MISSED;
          note = "no predictive ticket before the alarm; the alarm opened #" + first.id();
        }
      } else if (first.openedBy() != null && f.firstAlarmAt() != null) {
        seconds =
            publishTimes
                .firstSeen(first.serial(), f.firstAlarmAt())
                .map(p -> Duration.between(p, first.createdAt()).toMillis() / 1000.0)
                .orElse(null);
      }
    } else {
      Optional<String> decided = decidedIntoOpenTicket(f, tickets, incidents, ids);
      Optional<StoredTicket> folded =
          decided.isPresent() ? Optional.empty() : foldedInto(f, tickets);
      if (decided.isPresent()) {
        verdict = predictive ? Verdict.MISSED : Verdict.DETECTED_ON_OPEN_TICKET;
        note = decided.get();
      } else if (folded.isPresent()) {
        ids.add(folded.get().id());
        verdict = predictive ? Verdict.MISSED : Verdict.DETECTED_ON_OPEN_TICKET;
        note = "codes folded into #" + folded.get().id() + " opened earlier on the device";
      } else if (!predictive && warningNotSustained(f, horizon)) {
        return withoutTicket(
            f,
            Verdict.NOT_DUE,
            reached,
            "a warning raised once opens a ticket after "
                + WARNING_SUSTAIN.toMinutes()
                + " minutes active; this one cleared or the run ended before");
      } else {
        verdict = Verdict.MISSED;
        note =
            reached
                ? "incident reached the store, rules decided "
                    + storedFor(f, incidents).map(StoredIncident::decision).orElse("?")
                    + "; no ticket"
                : "no incident in the store";
      }
    }
    int duplicates = duplicatesPerDevice(opened);
    return result(f, verdict, ids, duplicates, seconds, lead, null, null, reached, note);
  }

  /**
   * How long a warning raised fewer than three times must stay active before the default ruleset
   * opens a ticket for it ("Fleeting warning opens nothing yet", judged in device time).
   */
  static final Duration WARNING_SUSTAIN = Duration.ofMinutes(60);

  private static final AlarmCatalogue CATALOGUE = AlarmCatalogue.standard();

  /**
   * A fault of warning codes only, raised fewer than three times, that cleared within the sustain
   * time or had not been active that long when the run ended: the rules open nothing for it by
   * design, so it is not judged.
   */
  static boolean warningNotSustained(GroundTruthFault f, Instant horizon) {
    if (f.firstAlarmAt() == null || f.raises() >= 3 || f.codes().isEmpty()) {
      return false;
    }
    boolean warningsOnly =
        f.codes().stream()
            .allMatch(
                c ->
                    CATALOGUE
                        .find(c)
                        .map(code -> code.defaultSeverity() == Severity.WARNING)
                        .orElse(false));
    if (!warningsOnly) {
      return false;
    }
    Instant sustained = f.firstAlarmAt().plus(WARNING_SUSTAIN);
    boolean clearedBefore = f.endedAt() != null && f.endedAt().isBefore(sustained);
    return clearedBefore || sustained.isAfter(horizon);
  }

  private static FaultScore outage(
      GroundTruthFault f,
      List<StoredTicket> tickets,
      List<StoredIncident> incidents,
      PublishTimes publishTimes,
      Instant horizon) {
    boolean reached = reachedStore(f, incidents);
    List<StoredTicket> opened = openedFor(f, f.serials(), tickets);
    if (f.firstAlarmAt() == null || f.firstAlarmAt().isAfter(horizon)) {
      if (opened.isEmpty()) {
        return withoutTicket(f, Verdict.NOT_DUE, reached, "");
      }
    }
    int duplicates = duplicatesPerDevice(opened);
    long devices = opened.stream().map(StoredTicket::serial).distinct().count();
    Double seconds =
        opened.isEmpty() || f.firstAlarmAt() == null
            ? null
            : publishTimes
                .firstSeen(opened.get(0).serial(), f.firstAlarmAt())
                .map(p -> Duration.between(p, opened.get(0).createdAt()).toMillis() / 1000.0)
                .orElse(null);
    String note =
        devices
            + " of "
            + f.serials().size()
            + " inverters ticketed, the rest suppressed; at most one per device expected";
    Verdict verdict = duplicates == 0 ? Verdict.DETECTED : Verdict.WRONGLY_TICKETED;
    return result(
        f,
        verdict,
        opened.stream().map(StoredTicket::id).toList(),
        duplicates,
        seconds,
        null,
        null,
        null,
        reached,
        note);
  }

  private static FaultScore batch(
      GroundTruthFault f,
      List<GroundTruthFault> truth,
      List<StoredTicket> tickets,
      List<StoredIncident> incidents) {
    List<StoredTicket> problems =
        tickets.stream()
            .filter(t -> t.isBatchProblem() && f.batch().equals(t.batch()))
            .sorted(Comparator.comparing(StoredTicket::createdAt))
            .toList();
    boolean reached =
        incidents.stream()
            .anyMatch(i -> "BATCH_SIGNAL".equals(i.kind()) && f.batch().equals(i.batch()));
    if (problems.isEmpty()) {
      return withoutTicket(
          f,
          Verdict.MISSED,
          reached,
          reached ? "batch signal reached the store; no ticket" : "no batch signal in the store");
    }
    StoredTicket first = problems.get(0);
    Integer counted = first.openedBy() == null ? null : first.openedBy().affectedDevices();
    Integer before = null;
    if (first.openedBy() != null && first.openedBy().firstSeen() != null) {
      Instant fired = first.openedBy().firstSeen();
      before =
          (int)
              truth.stream()
                  .filter(
                      d ->
                          d.kind() == FaultKind.DEFECTIVE_BATCH_DEVICE
                              && f.batch().equals(d.batch())
                              && d.firstAlarmAt() != null
                              && !d.firstAlarmAt().isAfter(fired))
                  .count();
    }
    return result(
        f,
        Verdict.DETECTED,
        problems.stream().map(StoredTicket::id).toList(),
        problems.size() - 1,
        null,
        null,
        counted,
        before,
        reached,
        "batch of " + f.serials().size() + " failing devices in the plan");
  }

  private static FaultScore gatewayWindow(GroundTruthFault f) {
    return result(
        f,
        Verdict.BY_ALARM_COUNT,
        List.of(),
        0,
        null,
        null,
        null,
        null,
        true,
        "site " + f.site() + " offline " + f.startedAt() + " .. " + f.endedAt());
  }

  private static FaultScore quiet(
      GroundTruthFault f, List<StoredTicket> tickets, Map<Long, String> noiseOnly) {
    List<StoredTicket> opened = openedFor(f, f.serials(), tickets);
    opened.forEach(t -> noiseOnly.putIfAbsent(t.id(), f.faultId() + " " + f.codes()));
    return result(
        f,
        opened.isEmpty() ? Verdict.CORRECTLY_QUIET : Verdict.WRONGLY_TICKETED,
        opened.stream().map(StoredTicket::id).toList(),
        0,
        null,
        null,
        null,
        null,
        true,
        "");
  }

  /** Device tickets for these serials, sharing a code with the fault, opened inside its window. */
  static List<StoredTicket> openedFor(
      GroundTruthFault f, Collection<String> serials, List<StoredTicket> tickets) {
    Set<String> serialSet = new HashSet<>(serials);
    Instant from = f.startedAt().minus(SLACK);
    Instant to = windowEnd(f).plus(SLACK);
    return tickets.stream()
        .filter(t -> !t.isBatchProblem() && t.serial() != null && serialSet.contains(t.serial()))
        .filter(t -> t.openedBy() != null)
        .filter(
            t -> !t.openedBy().firstSeen().isBefore(from) && !t.openedBy().firstSeen().isAfter(to))
        .filter(t -> sharesCode(t.allCodes(), f.codes()))
        .sorted(Comparator.comparing(StoredTicket::createdAt))
        .toList();
  }

  /**
   * The recorded decision that put the fault's incident on a ticket the device already had: an
   * ESCALATE or FOLD of any version of an incident of the fault, naming a device ticket of one of
   * the fault's serials. Adds that ticket to {@code ids}.
   */
  private static Optional<String> decidedIntoOpenTicket(
      GroundTruthFault f,
      List<StoredTicket> tickets,
      List<StoredIncident> incidents,
      List<Long> ids) {
    Map<Long, StoredTicket> byId = new TreeMap<>();
    tickets.forEach(t -> byId.put(t.id(), t));
    for (StoredIncident i : storedAll(f, incidents)) {
      for (StoredIncident.Decided d : i.decisions()) {
        if (!ON_OPEN_TICKET.contains(d.decision()) || d.ticketId() == null) {
          continue;
        }
        StoredTicket t = byId.get(d.ticketId());
        if (t != null && !t.isBatchProblem() && f.serials().contains(t.serial())) {
          ids.add(t.id());
          return Optional.of(
              "incident "
                  + i.subjectId()
                  + " v"
                  + d.version()
                  + " decided "
                  + d.decision()
                  + " into #"
                  + t.id()
                  + ", the device's open ticket"
                  + (t.openedBy() == null ? "" : " (opened by " + t.openedBy().subjectId() + ")"));
        }
      }
    }
    return Optional.empty();
  }

  /** Decisions that change the device's open ticket instead of opening one. */
  private static final Set<String> ON_OPEN_TICKET = Set.of("ESCALATE", "FOLD");

  /** A ticket of the device opened before the fault ended that carries one of its codes. */
  private static Optional<StoredTicket> foldedInto(GroundTruthFault f, List<StoredTicket> tickets) {
    Instant to = windowEnd(f).plus(SLACK);
    return tickets.stream()
        .filter(t -> !t.isBatchProblem() && f.serials().contains(t.serial()))
        .filter(t -> t.openedBy() == null || !t.openedBy().firstSeen().isAfter(to))
        .filter(t -> sharesCode(t.codes(), f.codes()))
        .findFirst();
  }

  private static boolean reachedStore(GroundTruthFault f, List<StoredIncident> incidents) {
    return storedFor(f, incidents).isPresent();
  }

  private static Optional<StoredIncident> storedFor(
      GroundTruthFault f, List<StoredIncident> incidents) {
    return storedAll(f, incidents).stream().findFirst();
  }

  /** Incidents of the fault's serials sharing a code with it that started in its window. */
  private static List<StoredIncident> storedAll(
      GroundTruthFault f, List<StoredIncident> incidents) {
    Set<String> serials = new HashSet<>(f.serials());
    Instant from = f.startedAt().minus(SLACK);
    Instant to = windowEnd(f).plus(SLACK);
    return incidents.stream()
        .filter(
            i ->
                i.serial() != null
                    && serials.contains(i.serial())
                    && sharesCode(i.codes(), f.codes())
                    && i.firstSeen() != null
                    && !i.firstSeen().isBefore(from)
                    && !i.firstSeen().isAfter(to))
        .toList();
  }

  private static Instant windowEnd(GroundTruthFault f) {
    Instant end = f.endedAt() != null ? f.endedAt() : f.startedAt();
    return f.firstAlarmAt() != null && f.firstAlarmAt().isAfter(end) ? f.firstAlarmAt() : end;
  }

  private static boolean sharesCode(Collection<String> a, Collection<String> b) {
    for (String code : a) {
      if (b.contains(code)) {
        return true;
      }
    }
    return false;
  }

  private static int duplicatesPerDevice(List<StoredTicket> opened) {
    Map<String, Integer> perDevice = new TreeMap<>();
    opened.forEach(t -> perDevice.merge(t.serial(), 1, Integer::sum));
    return perDevice.values().stream().mapToInt(n -> n - 1).sum();
  }

  /** A verdict for a fault with no ticket: nothing timed, nothing duplicated. */
  private static FaultScore withoutTicket(
      GroundTruthFault f, Verdict verdict, boolean reached, String note) {
    return result(f, verdict, List.of(), 0, null, null, null, null, reached, note);
  }

  private static FaultScore result(
      GroundTruthFault f,
      Verdict verdict,
      List<Long> tickets,
      int duplicates,
      Double seconds,
      Double lead,
      Integer counted,
      Integer before,
      boolean reached,
      String note) {
    return new FaultScore(
        f.faultId(),
        f.kind().name(),
        f.expected().name(),
        f.serials(),
        f.batch(),
        f.firstAlarmAt(),
        verdict,
        List.copyOf(tickets),
        duplicates,
        seconds,
        lead,
        counted,
        before,
        reached,
        note);
  }

  private static List<KindSummary> summarise(List<FaultScore> scores) {
    Map<String, List<FaultScore>> byKind = new TreeMap<>();
    scores.forEach(s -> byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s));
    List<KindSummary> out = new ArrayList<>();
    byKind.forEach(
        (kind, list) -> {
          List<Double> seconds =
              list.stream()
                  .map(FaultScore::secondsToTicket)
                  .filter(java.util.Objects::nonNull)
                  .sorted()
                  .toList();
          Double minLead =
              list.stream()
                  .map(FaultScore::leadTimeHours)
                  .filter(java.util.Objects::nonNull)
                  .min(Double::compare)
                  .orElse(null);
          out.add(
              new KindSummary(
                  kind,
                  list.size(),
                  (int) list.stream().filter(s -> s.verdict() != Verdict.NOT_DUE).count(),
                  (int)
                      list.stream()
                          .filter(
                              s ->
                                  s.verdict() == Verdict.DETECTED
                                      || s.verdict() == Verdict.CORRECTLY_QUIET)
                          .count(),
                  (int)
                      list.stream()
                          .filter(s -> s.verdict() == Verdict.DETECTED_ON_OPEN_TICKET)
                          .count(),
                  (int)
                      list.stream()
                          .filter(
                              s ->
                                  s.verdict() == Verdict.MISSED
                                      || s.verdict() == Verdict.WRONGLY_TICKETED)
                          .count(),
                  list.stream().mapToInt(FaultScore::duplicates).sum(),
                  seconds.isEmpty() ? null : seconds.get(seconds.size() / 2),
                  seconds.isEmpty() ? null : seconds.get(seconds.size() - 1),
                  minLead));
        });
    return out;
  }
}
