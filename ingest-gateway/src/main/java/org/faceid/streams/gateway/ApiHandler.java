package org.faceid.streams.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletRequestContext;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.gateway.auth.ApiKeyDirectory;
import org.faceid.streams.gateway.auth.Authenticator;
import org.faceid.streams.gateway.auth.ConcurrencyLimiter;
import org.faceid.streams.gateway.form.Form;
import org.faceid.streams.gateway.form.FormReader;
import org.faceid.streams.gateway.form.UploadBudget;
import org.faceid.streams.gateway.kafka.RequestPublisher;
import org.faceid.streams.gateway.kafka.ResultListener;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.tokens.TokenSeal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One API call: read the form while it streams (authenticating as soon as the credentials have
 * arrived), check the arguments, publish the event and answer from the result with its request_id.
 * A call holds one of the gateway's in-flight slots from its first byte to its answer, and its file
 * bytes stay charged to the shared upload budget until then too: a published upload lives on in
 * copies (the producer's batch, the broker's and the stages' fetches, decoded events) until the
 * stages have answered it, so the budget bounds the uploads in the pipeline, not only those being read.
 */
final class ApiHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] CREDENTIALS = {"api_key", "api_secret"};

  private final GatewayConfig config;
  private final String gatewayId;
  private final ApiKeyDirectory keys;
  private final Authenticator authenticator;
  private final ConcurrencyLimiter limiter;
  private final InFlightRequests inFlight;
  private final UploadBudget budget;
  private final RequestPublisher publisher;
  private final ResultListener results;
  private final GatewayMetrics metrics;

  ApiHandler(GatewayConfig config, String gatewayId, ApiKeyDirectory keys, Authenticator authenticator,
      ConcurrencyLimiter limiter, UploadBudget budget, RequestPublisher publisher, ResultListener results,
      GatewayMetrics metrics) {
    this.config = config;
    this.gatewayId = gatewayId;
    this.keys = keys;
    this.authenticator = authenticator;
    this.limiter = limiter;
    this.inFlight = new InFlightRequests(config.limits().maxRequests());
    this.budget = budget;
    this.publisher = publisher;
    this.results = results;
    this.metrics = metrics;
  }

  /** Per-request state: when it started, its in-flight slot, and the admitted key holding a concurrency slot. */
  private final class Call implements FormReader.PartListener {
    final long startNanos = System.nanoTime();
    final Instant received = config.clock().instant();
    final String requestId = received.getEpochSecond() + "," + UUID.randomUUID();
    final Endpoints endpoint;
    final String clientAddress;
    final UploadBudget.Lease upload = budget.lease();
    ApiKey admitted;
    ApiFailure refusal;
    boolean judged;
    boolean entered;

    Call(Endpoints endpoint, String clientAddress) {
      this.endpoint = endpoint;
      this.clientAddress = clientAddress;
    }

    /** Admits the caller once both credentials have arrived; false once it is refused. */
    @Override
    public boolean afterPart(Form soFar) {
      if (!judged && soFar.field("api_key") != null && soFar.field("api_secret") != null) {
        refusal = admit(soFar).orElse(null);
      }
      return refusal == null;
    }

    /** Authentication, permission and concurrency: once, as soon as both credentials are known. */
    Optional<ApiFailure> admit(Form form) {
      judged = true;
      if (!keys.caughtUp()) {
        // Right after start-up an unknown key may just not be read yet: not an authentication failure.
        return Optional.of(ApiFailure.of(ApiError.INTERNAL_ERROR));
      }
      Authenticator.Verdict verdict;
      try {
        verdict = authenticator.authenticate(form.field("api_key"), form.field("api_secret"), clientAddress);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of(ApiFailure.of(ApiError.INTERNAL_ERROR));
      }
      switch (verdict.outcome()) {
        case REJECTED -> {
          return Optional.of(ApiFailure.of(ApiError.AUTHENTICATION_ERROR));
        }
        case THROTTLED -> {
          return Optional.of(ApiFailure.of(ApiError.CONCURRENCY_LIMIT_EXCEEDED));
        }
        case ADMITTED -> { }
      }
      ApiKey key = verdict.key();
      if (key.getDisabled() || !endpoint.allowed(key)) {
        return Optional.of(ApiFailure.of(ApiError.AUTHORIZATION_DENIED));
      }
      if (!limiter.tryAcquire(key.getApiKey(), key.getConcurrencyLimit())) {
        return Optional.of(ApiFailure.of(ApiError.CONCURRENCY_LIMIT_EXCEEDED));
      }
      admitted = key;
      return Optional.empty();
    }

    /**
     * A file need not be kept once the caller is admitted and presents a token that was not issued
     * to it: the answer is INVALID_TOKEN (or an argument error found first), whatever the file holds.
     */
    @Override
    public boolean keepFiles(Form soFar) {
      String field = endpoint.tokenField();
      return admitted == null || field == null || soFar.field(field) == null || tokenIssuedToCaller(soFar);
    }

    /** False only with the token key, for a token it did not seal for the admitted api_key. */
    boolean tokenIssuedToCaller(Form form) {
      TokenSeal seal = config.tokenSeal();
      String field = endpoint.tokenField();
      return seal == null || field == null || seal.issuedTo(admitted.getApiKey(), form.field(field));
    }

    /** Frees the key's slot, the in-flight slot and the upload bytes; once, whatever ended the call. */
    synchronized void end() {
      upload.close();
      if (admitted != null) {
        limiter.release(admitted.getApiKey());
        admitted = null;
      }
      if (entered) {
        inFlight.leave();
        entered = false;
      }
    }
  }

  void handle(Context ctx) {
    Endpoints endpoint = Endpoints.byPath(ctx.pathParam("api"))
        .filter(e -> e.admin() == ctx.path().startsWith(GatewayServer.ADMIN_PATH)).orElseThrow(NotFoundResponse::new);
    Call call = new Call(endpoint, ctx.req().getRemoteAddr());
    if (!inFlight.tryEnter()) {
      refuseUnread(ctx, call);
      return;
    }
    call.entered = true;
    boolean awaiting = false;
    try {
      awaiting = answer(ctx, call);
    } finally {
      // Whatever ended the call here (an answer, a dropped connection, a bug) frees its slots and
      // upload bytes; a call waiting for its result frees them when the result or the timeout comes.
      if (!awaiting) {
        call.end();
      }
    }
  }

  /**
   * Past the in-flight cap: CONCURRENCY_LIMIT_EXCEEDED without reading credentials or files. The
   * body is only scanned for biz_no, text fields only, at most {@link FormReader#FIELD_ALLOWANCE}.
   */
  private void refuseUnread(Context ctx, Call call) {
    try (UploadBudget.Lease none = budget.lease()) {
      FormReader.Reading scan = new FormReader(Map.of(), none, config.limits().pace())
          .read(new JakartaServletRequestContext(ctx.req()), soFar -> false);
      closeAfter(ctx);
      reply(ctx, call, ApiFailure.of(ApiError.CONCURRENCY_LIMIT_EXCEEDED), echoable(scan.form()));
    }
  }

  /** Answers the call, or returns true once it waits for its result from the processors. */
  private boolean answer(Context ctx, Call call) {
    FormReader.Reading reading = new FormReader(call.endpoint.fileLimits(), call.upload, config.limits().pace())
        .read(new JakartaServletRequestContext(ctx.req()), call);
    Form form = reading.form();
    String bizNo = echoable(form);
    if (reading.stop() != FormReader.Stop.COMPLETE) {
      // The rest of the body is never read: end the connection rather than drain it.
      closeAfter(ctx);
      reply(ctx, call, unfinished(call, reading), bizNo);
      return false;
    }
    Optional<ApiFailure> failure = validate(call, form, bizNo);
    if (failure.isPresent()) {
      reply(ctx, call, failure.get(), bizNo);
      return false;
    }
    if (form.notKept()) {
      throw new IllegalStateException("a form whose files were not kept passed its checks");
    }
    publishAndAwait(ctx, call, form, bizNo);
    return true;
  }

  /** The answer to a body that was not read to its end. */
  private static ApiFailure unfinished(Call call, FormReader.Reading reading) {
    String id = call.requestId;
    return switch (reading.stop()) {
      case REFUSED -> call.refusal;
      case TOO_LARGE -> {
        log.info("request {}: 413: over the upload limit of {}", id, call.endpoint.path());
        yield ApiFailure.of(ApiError.REQUEST_ENTITY_TOO_LARGE);
      }
      case OVER_BUDGET -> {
        log.warn("request {}: the upload budget is spent: CONCURRENCY_LIMIT_EXCEEDED", id);
        yield ApiFailure.of(ApiError.CONCURRENCY_LIMIT_EXCEEDED);
      }
      case UNREADABLE -> {
        log.info("request {}: body unreadable (broken off, stalled or too slow) in part {}", id, reading.brokenPart());
        yield ApiFailure.of(ApiError.MISSING_ARGUMENTS, firstNotReceived(reading));
      }
      case COMPLETE -> throw new IllegalStateException("a complete form is validated, not cut short");
    };
  }

  /** The argument a broken body did not deliver: a credential, else the part it broke in. */
  private static String firstNotReceived(FormReader.Reading reading) {
    for (String credential : CREDENTIALS) {
      if (reading.form().field(credential) == null) {
        return credential;
      }
    }
    return reading.brokenPart() != null ? reading.brokenPart() : CREDENTIALS[0];
  }

  /** biz_no as the answer echoes it: whenever it was sent, failures included, unless overlong. */
  private static String echoable(Form form) {
    return form.overlong("biz_no") ? null : form.field("biz_no");
  }

  private Optional<ApiFailure> validate(Call call, Form form, String bizNo) {
    Optional<ApiFailure> credentials = Endpoints.required(form, CREDENTIALS);
    if (credentials.isPresent()) {
      return credentials;
    }
    if (!call.judged) {
      Optional<ApiFailure> refused = call.admit(form);
      if (refused.isPresent()) {
        return refused;
      }
    }
    if (form.overlong("biz_no") || Endpoints.bizNoTooLong(bizNo)) {
      return Optional.of(ApiFailure.of(ApiError.BAD_ARGUMENTS, "biz_no"));
    }
    Optional<ApiFailure> pre = Endpoints.first(call.endpoint.filesSentAsText(form), call.endpoint.precheck(form));
    if (pre.isPresent()) {
      return pre;
    }
    for (Permission needed : call.endpoint.permissions(form)) {
      if (!call.admitted.getPermissions().contains(needed)) {
        return Optional.of(ApiFailure.of(ApiError.AUTHORIZATION_DENIED));
      }
    }
    Optional<ApiFailure> arguments = call.endpoint.check(form);
    if (arguments.isPresent()) {
      return arguments;
    }
    // With the token key, a token not issued to this api_key is INVALID_TOKEN here, the answer the
    // token stage would give, but before anything is published (its upload was not even kept, when
    // the token came first): made-up tokens cost the pipeline no copies and the token gate no hold.
    // Checked last, where the stage's check came.
    return call.tokenIssuedToCaller(form) ? Optional.empty() : Optional.of(ApiFailure.of(ApiError.INVALID_TOKEN));
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
    Endpoints.Event event = call.endpoint.event(meta, form, config.identityKeys());
    int imagesAsked = Endpoints.imagesAsked(form);
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
          call.end();
          if (error != null) {
            log.warn("request {} ({}): no result: {}", call.requestId, call.endpoint.path(), error.toString());
            reply(ctx, call, ApiFailure.of(ApiError.INTERNAL_ERROR), bizNo);
          } else {
            write(ctx, call, result.getHttpStatus(), envelope(call, bizNo, ResponseRenderer.fields(result, imagesAsked)));
          }
          return null;
        }));
  }

  private static void closeAfter(Context ctx) {
    ctx.header("Connection", "close");
  }

  void reply(Context ctx, Call call, ApiFailure failure, String bizNo) {
    write(ctx, call, failure.status(), envelope(call, bizNo, Map.of("error_message", failure.errorMessage())));
  }

  /** API_NOT_FOUND for any path or method that is not one of the six calls. */
  void notFound(Context ctx) {
    Call call = new Call(null, null);
    reply(ctx, call, ApiFailure.of(ApiError.API_NOT_FOUND), null);
  }

  void internalError(Context ctx, Exception e) {
    Call call = new Call(null, null);
    log.error("request {}: unexpected failure", call.requestId, e);
    reply(ctx, call, ApiFailure.of(ApiError.INTERNAL_ERROR), null);
  }

  private static Map<String, Object> envelope(Call call, String bizNo, Map<String, Object> fields) {
    return ApiCalls.body(call.requestId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - call.startNanos), bizNo, fields);
  }

  /** Sends the answer, and counts it by call and error code. */
  private void write(Context ctx, Call call, int status, Map<String, Object> body) {
    metrics.answered(call.endpoint == null ? "unknown" : call.endpoint.path(), (String) body.get("error_message"),
        System.nanoTime() - call.startNanos);
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers always serialises", e);
    }
  }
}
