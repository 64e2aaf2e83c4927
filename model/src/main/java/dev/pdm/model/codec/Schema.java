package dev.pdm.model.codec;

/** Wire-contract version carried in every event as {@code schemaVersion}. */
public final class Schema {

  /** The version this build writes; it reads every version up to it. */
  public static final int VERSION = 1;

  /** Payloads larger than this are rejected before parsing: no device sends them. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  private Schema() {}
}
