package dev.pdm.ticket.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentScorerTest {

  final AssignmentScorer scorer = new AssignmentScorer();
  static final AssignmentNeed EAST_INVERTER =
      new AssignmentNeed("East", "INVERTER", "SG110CX", Set.of("inverter"));

  static Candidate engineer(String id, int open, int max) {
    return new Candidate(
        id, "east-inv", "East", "INVERTER", null, Set.of("inverter"), open, max, true);
  }

  @Test
  void theLeastLoadedRelativeToTheirThresholdComesFirst() {
    List<Candidate> ranked =
        scorer.rank(
            EAST_INVERTER, List.of(engineer("a", 3, 4), engineer("b", 2, 10), engineer("c", 1, 2)));
    assertThat(ranked).extracting(Candidate::engineerId).containsExactly("b", "c", "a");
  }

  @Test
  void engineersAtTheirThresholdAreNeverCandidates() {
    assertThat(scorer.rank(EAST_INVERTER, List.of(engineer("full", 5, 5), engineer("zero", 0, 0))))
        .isEmpty();
  }

  @Test
  void regionProductLineSkillsAndActivityMustMatch() {
    Candidate west =
        new Candidate("w", "g", "West", "INVERTER", null, Set.of("inverter"), 0, 5, true);
    Candidate bms = new Candidate("b", "g", "East", "BMS", null, Set.of("inverter"), 0, 5, true);
    Candidate unskilled =
        new Candidate("u", "g", "East", "INVERTER", null, Set.of("bms"), 0, 5, true);
    Candidate inactive =
        new Candidate("i", "g", "East", "INVERTER", null, Set.of("inverter"), 0, 5, false);
    Candidate otherModel =
        new Candidate("m", "g", "East", "INVERTER", "SG250HX", Set.of("inverter"), 0, 5, true);
    assertThat(scorer.rank(EAST_INVERTER, List.of(west, bms, unskilled, inactive, otherModel)))
        .isEmpty();
  }

  @Test
  void aModelSpecialistWinsAtEqualLoad() {
    Candidate generalist = engineer("a-general", 1, 4);
    Candidate specialist =
        new Candidate(
            "z-special", "g", "East", "INVERTER", "SG110CX", Set.of("inverter"), 1, 4, true);
    assertThat(scorer.rank(EAST_INVERTER, List.of(generalist, specialist)))
        .extracting(Candidate::engineerId)
        .containsExactly("z-special", "a-general");
  }
}
