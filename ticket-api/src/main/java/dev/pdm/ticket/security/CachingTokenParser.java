package dev.pdm.ticket.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Verifies each distinct bearer token once and reuses the result for a short while. Clients send
 * the same token with every request, and checking its RS256 signature and parsing its claims was
 * about a tenth of the CPU of a ticket read. A hit must match the whole token text, so nothing is
 * reused that was not verified; an entry is dropped when the token expires and at most {@link
 * #MAX_AGE_NANOS} after verification, which bounds how long a token keeps working after its signing
 * key was rotated away.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CachingTokenParser extends DefaultJWTCallerPrincipalFactory {

  static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final int MAX_ENTRIES = 10_000;

  private record Verified(JWTCallerPrincipal principal, long verifiedAt) {}

  private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

  @Override
  public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo)
      throws ParseException {
    long now = System.nanoTime();
    Verified hit = verified.get(token);
    if (hit != null && usable(hit, now)) {
      return hit.principal();
    }
    if (hit != null) {
      verified.remove(token, hit);
    }
    JWTCallerPrincipal principal = super.parse(token, authContextInfo);
    if (verified.size() >= MAX_ENTRIES) {
      // many distinct tokens at once: start again rather than track recency
      verified.clear();
    }
    verified.put(token, new Verified(principal, now));
    return principal;
  }

  private static boolean usable(Verified v, long nowNanos) {
    if (nowNanos - v.verifiedAt() >= MAX_AGE_NANOS) {
      return false;
    }
    long exp = v.principal().getExpirationTime();
    return exp <= 0 || System.currentTimeMillis() / 1000 < exp;
  }
}
