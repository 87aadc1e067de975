package org.faceid.streams.gateway;

/**
 * The error strings of the contract, spelt as the vendor's tables spell them (seeds 000-003):
 * "MISSING_ARGUMENTS: <key>" with a space, "BAD_ARGUMENTS:<key>" without.
 */
public final class ApiErrors {

  public static final String AUTHENTICATION_ERROR = "AUTHENTICATION_ERROR";
  public static final String AUTHORIZATION_DENIED = "AUTHORIZATION_ERROR:Denied";
  public static final String CONCURRENCY_LIMIT_EXCEEDED = "CONCURRENCY_LIMIT_EXCEEDED";
  public static final String API_NOT_FOUND = "API_NOT_FOUND";
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
  public static final String REQUEST_ENTITY_TOO_LARGE = "Request Entity Too Large";
  public static final String INVALID_NAME_FORMAT = "INVALID_NAME_FORMAT";
  public static final String INVALID_IDCARD_NUMBER = "INVALID_IDCARD_NUMBER";

  private ApiErrors() {}

  public static String missing(String key) {
    return "MISSING_ARGUMENTS: " + key;
  }

  public static String bad(String key) {
    return "BAD_ARGUMENTS:" + key;
  }
}
