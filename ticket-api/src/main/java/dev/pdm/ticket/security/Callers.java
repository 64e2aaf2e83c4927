package dev.pdm.ticket.security;

import dev.pdm.ticket.http.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Principal;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns the verified token of the current request into a {@link Caller}. Resources call {@link
 * #current()} at the start of a request, before any asynchronous step.
 */
@ApplicationScoped
public class Callers {

  static final String CUSTOMER_CLAIM = "customer_id";

  private final SecurityIdentity identity;

  public Callers(SecurityIdentity identity) {
    this.identity = identity;
  }

  public Caller current() {
    Set<String> roles = Set.copyOf(identity.getRoles());
    Principal p = identity.getPrincipal();
    String customer = null;
    boolean staff = roles.stream().anyMatch(r -> !r.equals(Roles.CUSTOMER));
    if (!staff && roles.contains(Roles.CUSTOMER)) {
      Object claim = p instanceof JsonWebToken jwt ? jwt.getClaim(CUSTOMER_CLAIM) : null;
      customer = claim == null ? null : claim.toString().replace("\"", "");
      if (customer == null || customer.isBlank()) {
        throw ProblemException.forbidden("a customer token needs a customer_id claim");
      }
    }
    return new Caller(p == null ? "anonymous" : p.getName(), roles, customer);
  }
}
