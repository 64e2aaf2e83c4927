package dev.pdm.ticket.security;

/** The roles of the {@code groups} claim. */
public final class Roles {
  public static final String DISPATCHER = "dispatcher";
  public static final String ENGINEER = "engineer";
  public static final String MANAGER = "manager";
  public static final String RELIABILITY = "reliability";
  public static final String QUALITY = "quality";
  public static final String ADMIN = "admin";

  /** Read-only, and only the tickets and devices of the customer in the customer_id claim. */
  public static final String CUSTOMER = "customer";

  private Roles() {}
}
