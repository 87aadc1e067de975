package org.faceid.streams.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.gateway.form.Form;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.topics.Topic;

/**
 * The API's argument checks, events and answer shapes for trusted Kafka clients that call the stages
 * without HTTP ({@code deploy/faceid batch} and {@code replay}): the same checks and events as a
 * call through the gateway, less authentication, which the cluster's own access control replaces.
 */
public final class ApiCalls {

  /** One event to publish: the topic, its key (token or request_id) and the value. */
  public record Event(Topic<String, ? extends SpecificRecord> topic, String key, SpecificRecord value) {}

  private ApiCalls() {}

  /** The call's argument checks after authentication, as the gateway runs them; empty when the form is fine. */
  public static Optional<ApiFailure> check(Endpoints endpoint, Form form) {
    if (Endpoints.bizNoTooLong(form.field("biz_no"))) {
      return Optional.of(ApiFailure.of(ApiError.BAD_ARGUMENTS, "biz_no"));
    }
    return Endpoints.first(endpoint.filesSentAsText(form), endpoint.precheck(form), endpoint.check(form));
  }

  /**
   * The event the gateway would publish for this (checked) form; {@code identityKeys} hash the ID
   * number and name of a comparison_type=1 verify (the service's key, from its data directory).
   */
  public static Event event(Endpoints endpoint, RequestMeta meta, Form form, IdentityKeys identityKeys) {
    Endpoints.Event event = endpoint.event(meta, form, identityKeys);
    return new Event(event.topic(), event.key(), event.value());
  }

  /** The images the answer must carry (the form's return_image). */
  public static int imagesAsked(Form form) {
    return Endpoints.imagesAsked(form);
  }

  /** The JSON body the API answers {@code result} with. */
  public static Map<String, Object> answer(ApiResult result, int imagesAsked, String bizNo, long timeUsedMs) {
    return body(result.getRequestId(), timeUsedMs, bizNo, ResponseRenderer.fields(result, imagesAsked));
  }

  /** The JSON body of an answer decided before any stage (a failed check). */
  public static Map<String, Object> failure(String requestId, String bizNo, ApiFailure failure) {
    return body(requestId, 0, bizNo, Map.of("error_message", failure.errorMessage()));
  }

  /** The envelope every answer has: request_id, time_used, biz_no when sent, then the call's own fields. */
  static Map<String, Object> body(String requestId, long timeUsedMs, String bizNo, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", requestId);
    body.put("time_used", timeUsedMs);
    if (bizNo != null) {
      body.put("biz_no", bizNo);
    }
    body.putAll(fields);
    return body;
  }
}
