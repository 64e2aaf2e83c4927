package dev.pdm.launcher.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which parts the harness kills and restarts during a run, and when: {@code
 * broker@30%,flink@45%,ticket-api@60%,gateway@75%} (fractions of the simulated duration), or {@code
 * all} for exactly that plan.
 */
public record KillPlan(List<Kill> kills) {

  /** A part the harness can take down and bring back. */
  public enum Part {
    /** The central MQTT broker: stopped, then started on the same port and data directory. */
    BROKER("broker"),
    /** The Flink job: cancelled, then started again from its newest retained checkpoint. */
    FLINK("flink"),
    /** The ticket API: its process killed with SIGKILL, then started again. */
    TICKET_API("ticket-api"),
    /**
     * The edge gateway: its process killed with SIGKILL, then started again on the same store
     * directory.
     */
    GATEWAY("gateway");

    private final String label;

    Part(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Part of(String label) {
      for (Part p : values()) {
        if (p.label.equals(label)) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "unknown part '" + label + "': one of broker, flink, ticket-api, gateway");
    }
  }

  /** One kill at a fraction (0..1, exclusive) of the simulated duration. */
  public record Kill(Part part, double at) {}

  public static final KillPlan NONE = new KillPlan(List.of());

  public KillPlan {
    kills = kills.stream().sorted(Comparator.comparingDouble(Kill::at)).toList();
  }

  public static KillPlan parse(String spec) {
    if (spec == null || spec.isBlank() || spec.equals("none")) {
      return NONE;
    }
    if (spec.equals("all")) {
      return parse("broker@30%,flink@45%,ticket-api@60%,gateway@75%");
    }
    List<Kill> kills = new ArrayList<>();
    for (String item : spec.split(",")) {
      String[] pa = item.trim().split("@");
      if (pa.length != 2) {
        throw new IllegalArgumentException(
            "kill '" + item + "' is not part@when, e.g. flink@50% or flink@0.5");
      }
      String when = pa[1].trim().toLowerCase(Locale.ROOT);
      double at;
      try {
        at =
            when.endsWith("%")
                ? Double.parseDouble(when.substring(0, when.length() - 1)) / 100
                : Double.parseDouble(when);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("kill '" + item + "' has no number after @");
      }
      if (!(at > 0 && at < 1)) {
        throw new IllegalArgumentException(
            "kill '" + item + "' must happen strictly inside the run (0 < at < 1)");
      }
      kills.add(new Kill(Part.of(pa[0].trim()), at));
    }
    return new KillPlan(kills);
  }

  public boolean isEmpty() {
    return kills.isEmpty();
  }

  @Override
  public String toString() {
    if (kills.isEmpty()) {
      return "none";
    }
    return String.join(
        ",",
        kills.stream()
            .map(k -> k.part().label() + "@" + Math.round(k.at() * 1000) / 10.0 + "%")
            .toList());
  }
}
