package dev.pdm.ticket.assignment;

import java.util.Comparator;
import java.util.List;

/**
 * Ranks engineers for a ticket. Qualified means: active, in a group of the ticket's region and
 * device class (and model, when the group is model-specific), holding every required skill and
 * below their load threshold. Among those the least loaded (relative to their threshold) comes
 * first; a model specialist beats a generalist at equal load. The ranking is only a preference: the
 * store takes the load with a conditional update, so a race can never exceed a threshold.
 */
public final class AssignmentScorer {

  public boolean qualifies(Candidate c, AssignmentNeed need) {
    return c.active()
        && c.openCount() < c.maxOpen()
        && c.region().equalsIgnoreCase(need.region())
        && c.deviceClass().equalsIgnoreCase(need.deviceClass())
        && (c.groupModel() == null || c.groupModel().equalsIgnoreCase(need.model()))
        && c.skills().containsAll(need.requiredSkills());
  }

  public List<Candidate> rank(AssignmentNeed need, List<Candidate> candidates) {
    return candidates.stream()
        .filter(c -> qualifies(c, need))
        .sorted(
            Comparator.comparingDouble(AssignmentScorer::loadRatio)
                .thenComparingInt(Candidate::openCount)
                .thenComparing(c -> c.groupModel() == null)
                .thenComparing(Candidate::engineerId))
        .toList();
  }

  private static double loadRatio(Candidate c) {
    return (double) c.openCount() / c.maxOpen();
  }
}
