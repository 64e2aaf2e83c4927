package dev.pdm.launcher.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local signing key for the ticket API and RS256 tokens for each role, so that someone trying the
 * system on their machine can call the API as a dispatcher, an engineer or a customer. The key pair
 * is kept in the data directory so tokens stay valid across restarts.
 */
public final class LocalTokens {

  public static final String ISSUER = "https://pdm.local";

  /** Every role of the ticket API. */
  public static final List<String> ROLES =
      List.of("dispatcher", "engineer", "manager", "reliability", "quality", "admin", "customer");

  private final KeyPair keys;
  private final Path publicKeyPem;

  private LocalTokens(KeyPair keys, Path publicKeyPem) {
    this.keys = keys;
    this.publicKeyPem = publicKeyPem;
  }

  /** Loads the key pair from {@code dir}, creating it on first use. */
  public static LocalTokens in(Path dir) {
    try {
      Files.createDirectories(dir);
      Path privatePem = dir.resolve("private-key.pem");
      Path publicPem = dir.resolve("public-key.pem");
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      if (Files.exists(privatePem) && Files.exists(publicPem)) {
        PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(readPem(privatePem)));
        PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(readPem(publicPem)));
        return new LocalTokens(new KeyPair(pub, priv), publicPem);
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      writePem(privatePem, "PRIVATE KEY", pair.getPrivate().getEncoded());
      writePem(publicPem, "PUBLIC KEY", pair.getPublic().getEncoded());
      return new LocalTokens(pair, publicPem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the local signing key", e);
    }
  }

  /** The PEM file the ticket API verifies tokens with. */
  public Path publicKeyPem() {
    return publicKeyPem;
  }

  /**
   * A token for {@code role}, valid for {@code validity}; a customer token carries the customer id
   * whose devices it may read.
   */
  public String token(String role, String customerId, Duration validity) {
    Instant now = Instant.now();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", "local-" + role);
    claims.put("upn", "local-" + role + "@pdm.local");
    claims.put("groups", List.of(role));
    if (customerId != null) {
      claims.put("customer_id", customerId);
    }
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(validity).getEpochSecond());
    String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    String payload = base64Url(json(claims));
    String signingInput = header + "." + payload;
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keys.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }

  private static String json(Map<String, Object> claims) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> e : claims.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(e.getKey()).append("\":").append(value(e.getValue()));
    }
    return out.append('}').toString();
  }

  private static String value(Object v) {
    if (v instanceof Number) {
      return v.toString();
    }
    if (v instanceof List<?> list) {
      return list.stream()
          .map(LocalTokens::value)
          .reduce((a, b) -> a + "," + b)
          .map(s -> "[" + s + "]")
          .orElse("[]");
    }
    return "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] readPem(Path file) throws IOException {
    String body =
        Files.readString(file)
            .replaceAll("-----(BEGIN|END) [A-Z ]+-----", "")
            .replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
