package dev.pdm.ticket.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body is larger than the service accepts with 413 problem
 * details. The answer goes out at once; the rest of the body is read and discarded, never kept, so
 * that a client still sending can read it. Without this the HTTP layer answers 413 with an empty
 * body and closes the connection, and the client, still sending, sees only a broken pipe.
 */
@ApplicationScoped
public class BodyLimit {

  /** Before the HTTP layer's own body-size check and before authentication. */
  static final int ROUTE_ORDER = -10;

  @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
  MemorySize maxBodySize;

  @Inject ObjectMapper json;

  void install(@Observes Router router) {
    router.route().order(ROUTE_ORDER).handler(this::check);
  }

  void check(RoutingContext ctx) {
    long declared = declaredLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
    long limit = maxBodySize.asLongValue();
    if (declared <= limit) {
      ctx.next();
      return;
    }
    Problem problem =
        new Problem(
            ProblemTypes.uri("payload-too-large"),
            "Request body too large",
            413,
            "The body is "
                + declared
                + " bytes; this service accepts at most "
                + limit
                + " bytes per request. Send a large registry import in several files.",
            ctx.request().path(),
            null);
    ctx.request().handler(discarded -> {});
    ctx.request().resume();
    try {
      ctx.response()
          .setStatusCode(413)
          .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
          .end(json.writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      ctx.fail(413, e);
    }
  }

  /** The Content-Length header as a number, or -1 when absent or not a number. */
  static long declaredLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
