package org.faceid.streams.processors.common;

import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.RequestMeta;

/** Builds the answers the processors send back to the gateway on {@code faceid.results}. */
public final class Results {

  public static final int OK = 200;
  public static final int BAD_REQUEST = 400;
  public static final int INTERNAL = 500;

  public static final String INVALID_TOKEN = "INVALID_TOKEN";
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private Results() {}

  /** A success skeleton; the stage fills in its own fields. */
  public static ApiResult.Builder ok(RequestMeta meta) {
    return base(meta).setHttpStatus(OK);
  }

  public static ApiResult error(RequestMeta meta, int httpStatus, String errorMessage) {
    return base(meta).setHttpStatus(httpStatus).setErrorMessage(errorMessage).build();
  }

  public static ApiResult badRequest(RequestMeta meta, String errorMessage) {
    return error(meta, BAD_REQUEST, errorMessage);
  }

  public static ApiResult internalError(RequestMeta meta) {
    return error(meta, INTERNAL, INTERNAL_ERROR);
  }

  private static ApiResult.Builder base(RequestMeta meta) {
    return ApiResult.newBuilder()
        .setRequestId(meta.getRequestId())
        .setGatewayId(meta.getGatewayId())
        .setEndpoint(meta.getEndpoint());
  }
}
