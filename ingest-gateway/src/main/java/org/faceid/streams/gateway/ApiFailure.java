package org.faceid.streams.gateway;

/** An answer decided in the gateway: an HTTP status and the contract's error string. */
public record ApiFailure(int status, String errorMessage) {

  static ApiFailure badRequest(String message) {
    return new ApiFailure(400, message);
  }

  static ApiFailure forbidden(String message) {
    return new ApiFailure(403, message);
  }
}
