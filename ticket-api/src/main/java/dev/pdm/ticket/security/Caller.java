package dev.pdm.ticket.security;

import java.util.Set;

/**
 * Who is calling. A caller holding only the customer role is scoped to one customer: every query is
 * narrowed to {@code customerScope}.
 */
public record Caller(String name, Set<String> roles, String customerScope) {

  /** The identity the service writes into the audit trail for automatic changes. */
  public static Caller system(String name) {
    return new Caller(name, Set.of(Roles.ADMIN), null);
  }

  public boolean isCustomerOnly() {
    return customerScope != null;
  }
}
