package org.faceid.streams.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.faceid.streams.gateway.auth.ApiKeyDirectory;
import org.faceid.streams.gateway.auth.ConcurrencyLimiter;
import org.faceid.streams.gateway.form.Form;
import org.faceid.streams.gateway.form.FormReader;
import org.faceid.streams.gateway.form.FormReader.EarlyAnswer;
import org.faceid.streams.gateway.form.UploadTooLargeException;
import org.faceid.streams.gateway.kafka.RequestPublisher;
import org.faceid.streams.gateway.kafka.ResultListener;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.schema.RequestMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API call: read the form while it streams (authenticating as soon as the credentials have
 * arrived), check the arguments, publish the event and answer from the result with its request_id.
 */
final class ApiHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GatewayConfig config;
  private final String gatewayId;
  private final ApiKeyDirectory keys;
  private final ConcurrencyLimiter limiter;
  private final RequestPublisher publisher;
  private final ResultListener results;

  ApiHandler(GatewayConfig config, String gatewayId, ApiKeyDirectory keys, ConcurrencyLimiter limiter,
      RequestPublisher publisher, ResultListener results) {
    this.config = config;
    this.gatewayId = gatewayId;
    this.keys = keys;
    this.limiter = limiter;
    this.publisher = publisher;
    this.results = results;
  }

  /** Per-request state: when it started, and the admitted key holding a concurrency slot. */
  private final class Call {
    final long startNanos = System.nanoTime();
    final Instant received = config.clock().instant();
    final String requestId = received.getEpochSecond() + "," + UUID.randomUUID();
    final Endpoints endpoint;
    ApiKey admitted;
    boolean judged;

    Call(Endpoints endpoint) {
      this.endpoint = endpoint;
    }

    /** Authentication, permission and concurrency: once, as soon as both credentials are known. */
    Optional<ApiFailure> admit(Form form) {
      judged = true;
      if (!keys.caughtUp()) {
        // Right after start-up an unknown key may just not be read yet: not an authentication failure.
        return Optional.of(new ApiFailure(500, ApiErrors.INTERNAL_ERROR));
      }
      Optional<ApiKey> key = keys.authenticate(form.field("api_key"), form.field("api_secret"));
      if (key.isEmpty()) {
        return Optional.of(ApiFailure.forbidden(ApiErrors.AUTHENTICATION_ERROR));
      }
      if (key.get().getDisabled() || !endpoint.allowed(key.get())) {
        return Optional.of(ApiFailure.forbidden(ApiErrors.AUTHORIZATION_DENIED));
      }
      if (!limiter.tryAcquire(key.get().getApiKey(), key.get().getConcurrencyLimit())) {
        return Optional.of(ApiFailure.forbidden(ApiErrors.CONCURRENCY_LIMIT_EXCEEDED));
      }
      admitted = key.get();
      return Optional.empty();
    }

    void release() {
      if (admitted != null) {
        limiter.release(admitted.getApiKey());
        admitted = null;
      }
    }
  }

  void handle(Context ctx) {
    Endpoints endpoint = Endpoints.byPath(ctx.pathParam("api")).orElseThrow(NotFoundResponse::new);
    Call call = new Call(endpoint);
    boolean awaiting = false;
    try {
      awaiting = answer(ctx, call);
    } finally {
      // Whatever ended the call here (an answer, a dropped connection, a bug) frees its slot;
      // a call waiting for its result frees it when the result or the timeout comes.
      if (!awaiting) {
        call.release();
      }
    }
  }

  /** Answers the call, or returns true once it waits for its result from the processors. */
  private boolean answer(Context ctx, Call call) {
    Form form;
    try {
      form = new FormReader(call.endpoint.fileLimits()).read(ctx.req(), soFar -> {
        if (!call.judged && soFar.field("api_key") != null && soFar.field("api_secret") != null) {
          Optional<ApiFailure> refused = call.admit(soFar);
          if (refused.isPresent()) {
            throw new EarlyAnswer(new Early(refused.get(), soFar.field("biz_no")));
          }
        }
      });
    } catch (UploadTooLargeException e) {
      log.info("request {}: 413: {}", call.requestId, e.getMessage());
      closeAfter(ctx);
      reply(ctx, call, new ApiFailure(413, ApiErrors.REQUEST_ENTITY_TOO_LARGE), null);
      return false;
    } catch (EarlyAnswer e) {
      Early early = (Early) e.answer();
      closeAfter(ctx);
      reply(ctx, call, early.failure(), early.bizNo());
      return false;
    } catch (IOException e) {
      log.info("request {}: body unreadable: {}", call.requestId, e.getMessage());
      closeAfter(ctx);
      reply(ctx, call, ApiFailure.badRequest(ApiErrors.missing("api_key")), null);
      return false;
    }

    String bizNo = form.overlong("biz_no") ? null : form.field("biz_no");
    Optional<ApiFailure> failure = validate(call, form, bizNo);
    if (failure.isPresent()) {
      reply(ctx, call, failure.get(), bizNo);
      return false;
    }
    publishAndAwait(ctx, call, form, bizNo);
    return true;
  }

  private record Early(ApiFailure failure, String bizNo) {}

  private Optional<ApiFailure> validate(Call call, Form form, String bizNo) {
    for (String credential : new String[] {"api_key", "api_secret"}) {
      if (form.field(credential) == null) {
        return Optional.of(ApiFailure.badRequest(ApiErrors.missing(credential)));
      }
    }
    if (!call.judged) {
      Optional<ApiFailure> refused = call.admit(form);
      if (refused.isPresent()) {
        return refused;
      }
    }
    if (form.overlong("biz_no") || (bizNo != null && bizNo.length() > Endpoints.BIZ_NO_MAX)) {
      return Optional.of(ApiFailure.badRequest(ApiErrors.bad("biz_no")));
    }
    Optional<ApiFailure> pre = call.endpoint.precheck(form);
    if (pre.isPresent()) {
      return pre;
    }
    for (Permission needed : call.endpoint.permissions(form)) {
      if (!call.admitted.getPermissions().contains(needed)) {
        return Optional.of(ApiFailure.forbidden(ApiErrors.AUTHORIZATION_DENIED));
      }
    }
    return call.endpoint.check(form);
  }

  private void publishAndAwait(Context ctx, Call call, Form form, String bizNo) {
    RequestMeta meta = RequestMeta.newBuilder()
        .setRequestId(call.requestId)
        .setEndpoint(call.endpoint.endpoint())
        .setApiKey(call.admitted.getApiKey())
        .setBizNo(bizNo)
        .setGatewayId(gatewayId)
        .setReceivedAtMs(call.received.toEpochMilli())
        .build();
    Endpoints.Event event = call.endpoint.event(meta, form);
    CompletableFuture<ApiResult> answer = results.expect(call.requestId);
    try {
      publisher.publish(event.topic(), event.key(), event.value()).whenComplete((sent, error) -> {
        if (error != null) {
          answer.completeExceptionally(error);
        }
      });
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
    ctx.future(() -> answer.orTimeout(config.resultTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((result, error) -> {
          call.release();
          if (error != null) {
            log.warn("request {} ({}): no result: {}", call.requestId, call.endpoint.path(), error.toString());
            reply(ctx, call, new ApiFailure(500, ApiErrors.INTERNAL_ERROR), bizNo);
          } else {
            write(ctx, result.getHttpStatus(), envelope(call, bizNo, ResponseRenderer.fields(result)));
          }
          return null;
        }));
  }

  private static void closeAfter(Context ctx) {
    // The rest of the body is never read: end the connection rather than drain it.
    ctx.header("Connection", "close");
  }

  void reply(Context ctx, Call call, ApiFailure failure, String bizNo) {
    write(ctx, failure.status(), envelope(call, bizNo, Map.of("error_message", failure.errorMessage())));
  }

  /** API_NOT_FOUND for any path or method that is not one of the six calls. */
  void notFound(Context ctx) {
    Call call = new Call(null);
    reply(ctx, call, new ApiFailure(404, ApiErrors.API_NOT_FOUND), null);
  }

  void internalError(Context ctx, Exception e) {
    Call call = new Call(null);
    log.error("request {}: unexpected failure", call.requestId, e);
    reply(ctx, call, new ApiFailure(500, ApiErrors.INTERNAL_ERROR), null);
  }

  private static Map<String, Object> envelope(Call call, String bizNo, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", call.requestId);
    body.put("time_used", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos));
    if (bizNo != null) {
      body.put("biz_no", bizNo);
    }
    body.putAll(fields);
    return body;
  }

  private static void write(Context ctx, int status, Map<String, Object> body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers always serialises", e);
    }
  }
}
