package dev.pdm.ticket.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicketStateMachineTest {

  final TicketStateMachine machine = new TicketStateMachine();

  static TicketFacts ticket(TicketType type, TicketStatus status) {
    return new TicketFacts(type, status, null, "eli", null, 0, false, false, 0);
  }

  static TicketFacts fault(TicketStatus status) {
    return ticket(TicketType.DEVICE_FAULT, status);
  }

  static TicketFacts fixed(TicketType type, boolean evidence) {
    return new TicketFacts(
        type, TicketStatus.IN_SERVICE, null, "eli", "loose DC connector", 1, false, evidence, 0);
  }

  @Test
  void theHappyPathRunsFromAssignedToClosed() {
    assertThat(machine.judge(fault(TicketStatus.ASSIGNED), TicketAction.START, null, null))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.IN_SERVICE));
    assertThat(
            machine.judge(fixed(TicketType.DEVICE_FAULT, false), TicketAction.RESOLVE, null, null))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.RESOLVED));
    assertThat(machine.judge(fault(TicketStatus.RESOLVED), TicketAction.FOLLOW_UP, null, null))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.FOLLOW_UP));
    assertThat(machine.judge(fault(TicketStatus.FOLLOW_UP), TicketAction.CLOSE, null, null))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.CLOSED));
  }

  @Test
  void resolvingNeedsARootCauseAndThePartsUsed() {
    TransitionOutcome o =
        machine.judge(fault(TicketStatus.IN_SERVICE), TicketAction.RESOLVE, null, null);
    assertThat(o).isInstanceOf(TransitionOutcome.Unmet.class);
    assertThat(((TransitionOutcome.Unmet) o).violations())
        .extracting(Violation::field)
        .containsExactly("rootCause", "partsUsed");
  }

  @Test
  void anExplicitNoPartsSatisfiesThePartsRequirement() {
    TicketFacts noParts =
        new TicketFacts(
            TicketType.DEVICE_FAULT,
            TicketStatus.IN_SERVICE,
            null,
            "eli",
            "firmware reset",
            0,
            true,
            false,
            0);
    assertThat(machine.judge(noParts, TicketAction.RESOLVE, null, null))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.RESOLVED));
  }

  @Test
  void partsAndNoPartsTogetherContradictEachOther() {
    TicketFacts both =
        new TicketFacts(
            TicketType.DEVICE_FAULT,
            TicketStatus.IN_SERVICE,
            null,
            "eli",
            "fan",
            1,
            true,
            false,
            0);
    assertThat(
            ((TransitionOutcome.Unmet) machine.judge(both, TicketAction.RESOLVE, null, null))
                .violations())
        .extracting(Violation::field)
        .containsExactly("noParts");
  }

  @Test
  void aWarrantyRmaNeedsEvidenceBeforeResolvedAndAFaultDoesNot() {
    TransitionOutcome rma =
        machine.judge(fixed(TicketType.WARRANTY_RMA, false), TicketAction.RESOLVE, null, null);
    assertThat(((TransitionOutcome.Unmet) rma).violations())
        .extracting(Violation::field)
        .containsExactly("evidence");
    assertThat(
            machine.judge(fixed(TicketType.WARRANTY_RMA, true), TicketAction.RESOLVE, null, null))
        .isInstanceOf(TransitionOutcome.Allowed.class);
    assertThat(
            machine.judge(fixed(TicketType.DEVICE_FAULT, false), TicketAction.RESOLVE, null, null))
        .isInstanceOf(TransitionOutcome.Allowed.class);
  }

  @Test
  void closingWithOpenSubtasksIsRefused() {
    TicketFacts openSubtasks =
        new TicketFacts(
            TicketType.DEVICE_FAULT, TicketStatus.FOLLOW_UP, null, "eli", "x", 1, false, false, 2);
    TransitionOutcome o = machine.judge(openSubtasks, TicketAction.CLOSE, null, null);
    assertThat(((TransitionOutcome.Unmet) o).violations())
        .containsExactly(new Violation("subtasks", "2 sub-task(s) still open; close them first"));
  }

  @Test
  void holdNeedsAReasonAndResumeReturnsToWhereItWas() {
    assertThat(machine.judge(fault(TicketStatus.IN_SERVICE), TicketAction.HOLD, null, null))
        .isInstanceOf(TransitionOutcome.Unmet.class);
    assertThat(
            machine.judge(
                fault(TicketStatus.IN_SERVICE),
                TicketAction.HOLD,
                HoldReason.WAITING_FOR_PARTS,
                null))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.ON_HOLD));
    TicketFacts heldWhileAssigned =
        new TicketFacts(
            TicketType.DEVICE_FAULT,
            TicketStatus.ON_HOLD,
            TicketStatus.ASSIGNED,
            "eli",
            null,
            0,
            false,
            false,
            0);
    assertThat(machine.judge(heldWhileAssigned, TicketAction.RESUME, null, null))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.ASSIGNED));
  }

  @Test
  void cancelAndReopenNeedAReason() {
    assertThat(machine.judge(fault(TicketStatus.NEW), TicketAction.CANCEL, null, " "))
        .isInstanceOf(TransitionOutcome.Unmet.class);
    assertThat(machine.judge(fault(TicketStatus.NEW), TicketAction.CANCEL, null, "duplicate"))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.CANCELLED));
    assertThat(machine.judge(fault(TicketStatus.CLOSED), TicketAction.REOPEN, null, null))
        .isInstanceOf(TransitionOutcome.Unmet.class);
  }

  @Test
  void reopeningGoesBackToTheAssigneeOrToTheQueue() {
    assertThat(
            machine.judge(fault(TicketStatus.CLOSED), TicketAction.REOPEN, null, "fault came back"))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.ASSIGNED));
    TicketFacts unassigned =
        new TicketFacts(
            TicketType.DEVICE_FAULT, TicketStatus.RESOLVED, null, null, "x", 1, false, false, 0);
    assertThat(machine.judge(unassigned, TicketAction.REOPEN, null, "again"))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.NEW));
  }

  @Test
  void actionsFromTheWrongStatusAreIllegal() {
    List<Object[]> illegal =
        List.of(
            new Object[] {TicketStatus.NEW, TicketAction.START},
            new Object[] {TicketStatus.NEW, TicketAction.RESOLVE},
            new Object[] {TicketStatus.ASSIGNED, TicketAction.RESOLVE},
            new Object[] {TicketStatus.IN_SERVICE, TicketAction.CLOSE},
            new Object[] {TicketStatus.RESOLVED, TicketAction.CLOSE},
            new Object[] {TicketStatus.CLOSED, TicketAction.CANCEL},
            new Object[] {TicketStatus.CANCELLED, TicketAction.REOPEN},
            new Object[] {TicketStatus.IN_SERVICE, TicketAction.RESUME},
            new Object[] {TicketStatus.ON_HOLD, TicketAction.HOLD},
            new Object[] {TicketStatus.NEW, TicketAction.FOLLOW_UP});
    for (Object[] c : illegal) {
      assertThat(
              machine.judge(
                  fault((TicketStatus) c[0]),
                  (TicketAction) c[1],
                  HoldReason.WAITING_FOR_PARTS,
                  "r"))
          .as("%s from %s", c[1], c[0])
          .isInstanceOf(TransitionOutcome.Illegal.class);
    }
  }

  @Test
  void onlyOpenTicketsCanBeAssigned() {
    assertThat(machine.judgeAssignment(fault(TicketStatus.NEW)))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.ASSIGNED));
    assertThat(machine.judgeAssignment(fault(TicketStatus.IN_SERVICE)))
        .isEqualTo(new TransitionOutcome.Allowed(TicketStatus.IN_SERVICE));
    assertThat(machine.judgeAssignment(fault(TicketStatus.CLOSED)))
        .isInstanceOf(TransitionOutcome.Illegal.class);
  }
}
