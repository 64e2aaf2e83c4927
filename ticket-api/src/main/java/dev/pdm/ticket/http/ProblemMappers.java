package dev.pdm.ticket.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the API as {@code application/problem+json}, whatever raised it. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return respond(e.toProblem(path(uri)));
  }

  @ServerExceptionMapper({
    ConstraintViolationException.class,
    ResteasyReactiveViolationException.class
  })
  public Response violations(ConstraintViolationException e, UriInfo uri) {
    List<Problem.FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.FieldError(field(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.FieldError::field))
            .toList();
    return respond(
        new Problem(
            ProblemTypes.uri("invalid-request"),
            "Invalid request",
            400,
            errors.size() + " field(s) are invalid",
            path(uri),
            errors));
  }

  // listed one by one: Quarkus registers its own mappers for some of these subclasses
  @ServerExceptionMapper({
    JsonProcessingException.class,
    com.fasterxml.jackson.core.JsonParseException.class,
    JsonMappingException.class,
    com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
    InvalidFormatException.class,
    UnrecognizedPropertyException.class
  })
  public Response json(JsonProcessingException e, UriInfo uri) {
    String field = null;
    String message;
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      field =
          m.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
    }
    if (e instanceof UnrecognizedPropertyException u) {
      field = u.getPropertyName();
      message = "is not a known field";
    } else if (e instanceof InvalidFormatException f) {
      message = "'" + f.getValue() + "' is not a valid value";
      if (f.getTargetType() != null && f.getTargetType().isEnum()) {
        message += "; expected one of " + Arrays.toString(f.getTargetType().getEnumConstants());
      }
    } else if (field != null) {
      message = "has the wrong type or shape";
    } else {
      message = "the body is not valid JSON: " + e.getOriginalMessage();
    }
    return respond(
        new Problem(
            ProblemTypes.uri(field == null ? "malformed-json" : "invalid-request"),
            field == null ? "Malformed JSON" : "Invalid request",
            400,
            field == null ? message : field + " " + message,
            path(uri),
            field == null ? null : List.of(new Problem.FieldError(field, message))));
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e, UriInfo uri) {
    Response r =
        respond(
            new Problem(
                ProblemTypes.uri("unauthorized"),
                "Unauthorized",
                401,
                "a valid bearer token is required",
                path(uri),
                null));
    return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return respond(
        new Problem(
            ProblemTypes.uri("forbidden"),
            "Forbidden",
            403,
            "your roles do not allow this operation",
            path(uri),
            null));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json, uri);
    }
    Response original = e.getResponse();
    int status = original.getStatus();
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title = type == null ? "Error" : type.getReasonPhrase();
    Response.ResponseBuilder b =
        Response.status(status)
            .type(Problem.MEDIA_TYPE)
            .entity(
                new Problem(
                    ProblemTypes.uri(title.toLowerCase().replace(' ', '-')),
                    title,
                    status,
                    e.getMessage(),
                    path(uri),
                    null));
    // keep what the client needs to recover, e.g. Allow on 405
    if (original.getHeaderString(HttpHeaders.ALLOW) != null) {
      b.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
    }
    return b.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, UriInfo uri) {
    LOG.errorf(e, "unexpected failure on %s", path(uri));
    return respond(
        new Problem(
            ProblemTypes.uri("internal-error"),
            "Internal Server Error",
            500,
            "the request failed unexpectedly; it has been logged",
            path(uri),
            null));
  }

  static Response respond(Problem p) {
    return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
  }

  /** The request-body field a violation is about, without the method and parameter names. */
  private static String field(ConstraintViolation<?> v) {
    List<Path.Node> nodes = StreamSupport.stream(v.getPropertyPath().spliterator(), false).toList();
    // path is method.parameter[.field...]; drop the method and, for bodies, the parameter
    List<String> names =
        nodes.stream()
            .filter(
                n ->
                    n.getKind() != jakarta.validation.ElementKind.METHOD
                        && n.getKind() != jakarta.validation.ElementKind.CONSTRUCTOR)
            .map(Path.Node::toString)
            .toList();
    if (names.size() > 1) {
      return String.join(".", names.subList(1, names.size()));
    }
    return names.isEmpty() ? v.getPropertyPath().toString() : names.get(0);
  }
}
