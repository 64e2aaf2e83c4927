package dev.pdm.ticket.it;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/** Signs test tokens with the test key pair (src/test/resources). */
public final class Tokens {

  public static final String ISSUER = "https://pdm.local";

  private Tokens() {}

  public static String of(String user, String... roles) {
    return Jwt.issuer(ISSUER).upn(user).groups(Set.of(roles)).sign();
  }

  public static String customer(String user, String customerId) {
    return Jwt.issuer(ISSUER)
        .upn(user)
        .groups(Set.of("customer"))
        .claim("customer_id", customerId)
        .sign();
  }

  public static String dispatcher() {
    return of("dora.dispatcher", "dispatcher");
  }

  public static String engineer() {
    return of("eli.engineer", "engineer");
  }

  public static String manager() {
    return of("mia.manager", "manager");
  }

  public static String admin() {
    return of("ada.admin", "admin");
  }
}
