package dev.pdm.model.codec;

/** A payload or record that breaks the wire contract; names the offending field and the problem. */
public class InvalidEventException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  public InvalidEventException(String field, String problem) {
    super(field == null ? problem : field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The JSON path of the offending field, or null when the problem is the payload as a whole. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  /** {@code field: problem}, the form carried in dead letters and problem details. */
  public String reason() {
    return getMessage();
  }
}
