package org.faceid.streams.cli.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.gateway.ApiCalls;
import org.faceid.streams.gateway.ApiFailure;
import org.faceid.streams.gateway.Endpoints;
import org.faceid.streams.gateway.form.Form;
import org.faceid.streams.gateway.kafka.RequestPublisher;
import org.faceid.streams.gateway.kafka.ResultListener;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.local.IdentityKeyFile;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.RandomNumberAsserted;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.topics.Topics;

/**
 * The API's calls made straight on Kafka: the gateway's own argument checks and events, published
 * under this client's gateway id, answered from {@code faceid.results} in the API's response shape.
 * No HTTP and no api_secret: a Kafka client is trusted as far as the cluster's ACLs let it write.
 */
final class DirectApi implements AutoCloseable {

  /** One answer: the HTTP status the API would give, its JSON body, and the token it hands over. */
  record Answer(int status, Map<String, Object> body, String token) {
    boolean ok() {
      return status == 200;
    }
  }

  private final String apiKey;
  private final String gatewayId = "batch-" + UUID.randomUUID();
  private final Duration timeout;
  private final RequestPublisher publisher;
  private final ResultListener results;
  private final IdentityKeys identityKeys;

  /** {@code identityKeys}: the service's, for comparison_type=1 cases; null when none is known. */
  DirectApi(Properties clientBase, String apiKey, Duration timeout, IdentityKeys identityKeys) {
    this.apiKey = apiKey;
    this.identityKeys = identityKeys;
    this.timeout = timeout;
    this.publisher = new RequestPublisher(clientBase);
    this.results = new ResultListener(clientBase, gatewayId);
  }

  /** One API call with these fields and files, as the gateway would make it after authentication. */
  Answer call(Endpoints endpoint, Map<String, String> fields, Map<String, byte[]> files) throws InterruptedException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Long limit = endpoint.fileLimits().get(file.getKey());
      if (limit != null && file.getValue().length > limit) {
        // As the gateway answers an upload over the file's limit.
        ApiFailure tooLarge = ApiFailure.of(ApiError.REQUEST_ENTITY_TOO_LARGE);
        RequestMeta refused = meta(endpoint.endpoint(), fields.get("biz_no"));
        return new Answer(413, ApiCalls.failure(refused.getRequestId(), refused.getBizNo(), tooLarge), null);
      }
    }
    Form form = Form.of(fields, files);
    RequestMeta meta = meta(endpoint.endpoint(), form.field("biz_no"));
    var failure = ApiCalls.check(endpoint, form);
    if (failure.isPresent()) {
      return new Answer(failure.get().status(), ApiCalls.failure(meta.getRequestId(), meta.getBizNo(), failure.get()), null);
    }
    if (identityKeys == null && "1".equals(form.field("comparison_type"))) {
      throw new IllegalStateException("comparison_type=1 needs the service's identity key: set FACEID_DATA_DIR or "
          + IdentityKeyFile.ENV);
    }
    ApiCalls.Event event = ApiCalls.event(endpoint, meta, form, identityKeys);
    return await(meta, ApiCalls.imagesAsked(form), publish(meta, event));
  }

  /** The operator-only call: a token_random_number for digits the person was shown. */
  Answer assertDigits(String digits, String bizNo) throws InterruptedException {
    RequestMeta meta = meta(Endpoint.GET_RANDOM_NUMBER, bizNo);
    return await(meta, 0, publish(meta, new ApiCalls.Event(Topics.RANDOM_NUMBER_ASSERTED, meta.getRequestId(),
        new RandomNumberAsserted(meta, digits))));
  }

  private RequestMeta meta(Endpoint endpoint, String bizNo) {
    Instant now = Instant.now();
    return RequestMeta.newBuilder()
        .setRequestId(now.getEpochSecond() + "," + UUID.randomUUID())
        .setEndpoint(endpoint)
        .setApiKey(apiKey)
        .setBizNo(bizNo)
        .setGatewayId(gatewayId)
        .setReceivedAtMs(now.toEpochMilli())
        .build();
  }

  private CompletableFuture<ApiResult> publish(RequestMeta meta, ApiCalls.Event event) {
    CompletableFuture<ApiResult> answer = results.expect(meta.getRequestId());
    publisher.publish(event.topic(), event.key(), event.value()).whenComplete((sent, error) -> {
      if (error != null) {
        answer.completeExceptionally(error);
      }
    });
    return answer;
  }

  private Answer await(RequestMeta meta, int imagesAsked, CompletableFuture<ApiResult> pending) throws InterruptedException {
    long started = System.nanoTime();
    try {
      ApiResult result = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long used = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      return new Answer(result.getHttpStatus(), ApiCalls.answer(result, imagesAsked, meta.getBizNo(), used),
          result.getHttpStatus() == 200 ? result.getToken() : null);
    } catch (ExecutionException | TimeoutException e) {
      // As the gateway answers a request whose result does not come.
      pending.cancel(false);
      ApiFailure failure = ApiFailure.of(ApiError.INTERNAL_ERROR);
      return new Answer(500, ApiCalls.failure(meta.getRequestId(), meta.getBizNo(), failure), null);
    }
  }

  @Override
  public void close() {
    results.close();
    publisher.close();
  }
}
