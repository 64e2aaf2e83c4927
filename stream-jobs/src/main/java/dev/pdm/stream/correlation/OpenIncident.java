package dev.pdm.stream.correlation;

import dev.pdm.model.event.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The correlator's working copy of one incident that has not been CLEARED yet. Mutable on purpose:
 * it lives in keyed state and is rewritten on every event of its device; times are epoch millis.
 */
public final class OpenIncident {
  public String incidentId;
  public long version;
  public String primaryCode;

  /** code to currently raised, in the order codes joined (primary first). */
  public LinkedHashMap<String, Boolean> codes = new LinkedHashMap<>();

  public Severity severity;
  public long firstSeen;
  public long lastSeen;
  public int occurrences;
  public boolean flapping;

  /** Times of raise/clear edges inside the flapping window, oldest first. */
  public ArrayList<Long> transitions = new ArrayList<>();

  /** When the last raised code cleared, or -1 while any code is raised. */
  public long clearSince = -1;

  public long lastEmitted;

  /** A change (repeat, suppressed symptom) waits for the repeat throttle before it is published. */
  public boolean dirty;

  /**
   * A version at or after the warning sustain threshold has been published (its {@code asOf} shows
   * the incident's duration), so the threshold needs no version of its own.
   */
  public boolean sustainPublished;

  public ArrayList<MutedSymptom> suppressed = new ArrayList<>();

  public OpenIncident() {}

  public boolean anyRaised() {
    return codes.containsValue(Boolean.TRUE);
  }

  public List<String> codeList() {
    return new ArrayList<>(codes.keySet());
  }

  public Map<String, Boolean> codes() {
    return codes;
  }

  /** A muted symptom as kept in state (the wire form is {@code SuppressedSymptom}). */
  public static final class MutedSymptom {
    public String serial;
    public String code;
    public long at;
    public String causeCode;

    public MutedSymptom() {}

    public MutedSymptom(String serial, String code, long at, String causeCode) {
      this.serial = serial;
      this.code = code;
      this.at = at;
      this.causeCode = causeCode;
    }
  }
}
