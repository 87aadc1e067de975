package org.faceid.streams.api;

/**
 * Every {@code error_message} of the contract with its HTTP status, spelt as the vendor's tables
 * spell them (seeds 000-003). The gateway and every stage answer from here, so a string is never
 * typed twice. Some errors name the parameter they concern ({@link #withKey}): the vendor writes
 * "MISSING_ARGUMENTS: &lt;key&gt;" with a space and every other one ("BAD_ARGUMENTS:&lt;key&gt;",
 * "NO_FACE_FOUND:image_ref1") without.
 */
public enum ApiError {

  // The general table, shared by every API.
  AUTHENTICATION_ERROR(403, "AUTHENTICATION_ERROR", null),
  /** AUTHORIZATION_ERROR:&lt;reason&gt;; Denied is the one reason the vendor lists. */
  AUTHORIZATION_DENIED(403, "AUTHORIZATION_ERROR:Denied", null),
  CONCURRENCY_LIMIT_EXCEEDED(403, "CONCURRENCY_LIMIT_EXCEEDED", null),
  MISSING_ARGUMENTS(400, "MISSING_ARGUMENTS", ": "),
  BAD_ARGUMENTS(400, "BAD_ARGUMENTS", ":"),
  API_NOT_FOUND(404, "API_NOT_FOUND", null),
  INTERNAL_ERROR(500, "INTERNAL_ERROR", null),
  /** An upload over the size limit (seed 002: images over 2 MB); the web server's own wording. */
  REQUEST_ENTITY_TOO_LARGE(413, "Request Entity Too Large", null),

  // Tokens (get_random_number, validate_video, validate_still, verify).
  INVALID_TOKEN(400, "INVALID_TOKEN", null),

  // Videos (validate_video, validate_still).
  VIDEO_UNSUPPORTED_FORMAT(400, "VIDEO_UNSUPPORTED_FORMAT", null),
  VIDEO_INVALID_DURATION(400, "VIDEO_INVALID_DURATION", null),
  VIDEO_NO_AUDIO(400, "VIDEO_NO_AUDIO", null),
  VIDEO_FACE_NOT_FOUND(400, "VIDEO_FACE_NOT_FOUND", null),
  VIDEO_MULTIPLE_FACES(400, "VIDEO_MULTIPLE_FACES", null),
  VIDEO_LOW_FACE_QUALITY(400, "VIDEO_LOW_FACE_QUALITY", null),
  VIDEO_FACE_OCCLUDE(400, "VIDEO_FACE_OCCLUDE", null),

  // Images: bare on validate_front_face / validate_side_face, ":<param>" on verify.
  IMAGE_ERROR_UNSUPPORTED_FORMAT(400, "IMAGE_ERROR_UNSUPPORTED_FORMAT", ":"),
  INVALID_IMAGE_SIZE(400, "INVALID_IMAGE_SIZE", ":"),
  NO_FACE_FOUND(400, "NO_FACE_FOUND", ":"),
  MULTIPLE_FACES(400, "MULTIPLE_FACES", ":"),
  FACE_BLURRED(400, "FACE_BLURRED", null),
  FACE_POOR_LIGHT(400, "FACE_POOR_LIGHT", null),
  FACE_NOT_FRONT(400, "FACE_NOT_FRONT", null),
  FACE_NOT_SIDE(400, "FACE_NOT_SIDE", null),
  FACE_NOT_PROPER_POSITION(400, "FACE_NOT_PROPER_POSITION", null),

  // Identities (verify with comparison_type=1).
  INVALID_NAME_FORMAT(400, "INVALID_NAME_FORMAT", null),
  INVALID_IDCARD_NUMBER(400, "INVALID_IDCARD_NUMBER", null),
  NO_SUCH_ID_NUMBER(400, "NO_SUCH_ID_NUMBER", null),
  ID_NUMBER_NAME_NOT_MATCH(400, "ID_NUMBER_NAME_NOT_MATCH", null),
  DATA_SOURCE_ERROR(400, "DATA_SOURCE_ERROR", null);

  private final int httpStatus;
  private final String message;
  /** What joins the message and a parameter name; null for an error that names none. */
  private final String keySeparator;

  ApiError(int httpStatus, String message, String keySeparator) {
    this.httpStatus = httpStatus;
    this.message = message;
    this.keySeparator = keySeparator;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The error_message as the vendor writes it when no parameter is named. */
  public String message() {
    return message;
  }

  /** The error_message naming {@code key}: "MISSING_ARGUMENTS: video", "NO_FACE_FOUND:data_source". */
  public String withKey(String key) {
    if (keySeparator == null) {
      throw new IllegalStateException(name() + " names no parameter");
    }
    return message + keySeparator + key;
  }

}
