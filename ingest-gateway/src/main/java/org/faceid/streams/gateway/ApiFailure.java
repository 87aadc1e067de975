package org.faceid.streams.gateway;

import org.faceid.streams.api.ApiError;

/** An answer decided in the gateway: an HTTP status and the contract's error string. */
public record ApiFailure(int status, String errorMessage) {

  public static ApiFailure of(ApiError error) {
    return new ApiFailure(error.httpStatus(), error.message());
  }

  /** The error naming the parameter it concerns: "MISSING_ARGUMENTS: video", "BAD_ARGUMENTS:biz_no". */
  public static ApiFailure of(ApiError error, String key) {
    return new ApiFailure(error.httpStatus(), error.withKey(key));
  }
}
