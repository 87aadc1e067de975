package org.faceid.streams.processors.common;

import org.faceid.streams.api.ApiError;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.RequestMeta;

/** Builds the answers the processors send back to the gateway on {@code faceid.results}. */
public final class Results {

  public static final int OK = 200;
  public static final int BAD_REQUEST = 400;

  private Results() {}

  /** A success skeleton; the stage fills in its own fields. */
  public static ApiResult.Builder ok(RequestMeta meta) {
    return base(meta).setHttpStatus(OK);
  }

  public static ApiResult error(RequestMeta meta, ApiError error) {
    return error(meta, error.httpStatus(), error.message());
  }

  /** The error naming the parameter it concerns: "IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref1". */
  public static ApiResult error(RequestMeta meta, ApiError error, String key) {
    return error(meta, error.httpStatus(), error.withKey(key));
  }

  /** A 400 whose error_message a stage decided earlier and carried on an event. */
  public static ApiResult rejected(RequestMeta meta, String errorMessage) {
    return error(meta, BAD_REQUEST, errorMessage);
  }

  public static ApiResult internalError(RequestMeta meta) {
    return error(meta, ApiError.INTERNAL_ERROR);
  }

  private static ApiResult error(RequestMeta meta, int httpStatus, String errorMessage) {
    return base(meta).setHttpStatus(httpStatus).setErrorMessage(errorMessage).build();
  }

  private static ApiResult.Builder base(RequestMeta meta) {
    return ApiResult.newBuilder()
        .setRequestId(meta.getRequestId())
        .setGatewayId(meta.getGatewayId())
        .setEndpoint(meta.getEndpoint());
  }
}
