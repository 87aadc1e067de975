package org.faceid.streams.gateway;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.gateway.form.Form;
import org.faceid.streams.identity.IdCardNumber;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.FrontFaceSubmitted;
import org.faceid.streams.schema.IdentitySubmitted;
import org.faceid.streams.schema.NamedImage;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.schema.RandomNumberRequested;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.SideFaceSubmitted;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.schema.VerifyParams;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;

/**
 * What each of the six calls takes: its path, permission, file limits and arguments, and the event
 * it publishes. Argument checks follow the vendor's parameter tables (seeds 000-003).
 */
public enum Endpoints {

  GET_RANDOM_NUMBER("get_random_number", Endpoint.GET_RANDOM_NUMBER, Map.of()) {
    @Override
    Event event(RequestMeta meta, Form form, IdentityKeys ids) {
      return new Event(Topics.RANDOM_NUMBER_SUBMITTED, meta.getRequestId(), new RandomNumberRequested(meta));
    }
  },
  VALIDATE_VIDEO("validate_video", Endpoint.VALIDATE_VIDEO, Map.of("video", UploadLimits.VIDEO)) {
    @Override
    String tokenField() {
      return "token_random_number";
    }

    @Override
    Optional<ApiFailure> check(Form form) {
      return first(required(form, tokenField(), "video"), tokenFits(form, tokenField()), choice(form, "return_image", "0", "1"));
    }

    @Override
    Event event(RequestMeta meta, Form form, IdentityKeys ids) {
      String token = form.field(tokenField());
      return new Event(Topics.VIDEO_SUBMITTED, token, VideoSubmitted.newBuilder().setMeta(meta)
          .setTokenRandomNumber(token).setVideo(ByteBuffer.wrap(form.file("video")))
          .setReturnImage(intOr(form, "return_image", 0)).build());
    }
  },
  VALIDATE_STILL("validate_still", Endpoint.VALIDATE_STILL, Map.of("video", UploadLimits.VIDEO)) {
    @Override
    Optional<ApiFailure> check(Form form) {
      return first(required(form, "video"),
          choice(form, "liveness_preference", "none", "still_strict"),
          choice(form, "return_image", "0", "1", "2"),
          choice(form, "return_multifaces_tag", "0", "1"),
          choice(form, "face_occlusion_detection", "0", "1"),
          choice(form, "eye_close_detection", "0", "1"));
    }

    @Override
    Event event(RequestMeta meta, Form form, IdentityKeys ids) {
      StillOptions options = StillOptions.newBuilder()
          .setLivenessPreference(or(form, "liveness_preference", "none"))
          .setReturnImage(intOr(form, "return_image", 0))
          .setReturnMultifacesTag(intOr(form, "return_multifaces_tag", 0) == 1)
          .setFaceOcclusionDetection(intOr(form, "face_occlusion_detection", 0) == 1)
          .setEyeCloseDetection(intOr(form, "eye_close_detection", 1) == 1)
          .build();
      return new Event(Topics.STILL_SUBMITTED, meta.getRequestId(), StillSubmitted.newBuilder().setMeta(meta)
          .setVideo(ByteBuffer.wrap(form.file("video"))).setOptions(options).build());
    }
  },
  VALIDATE_FRONT_FACE("validate_front_face", Endpoint.VALIDATE_FRONT_FACE, Map.of("selfie", UploadLimits.SELFIE)) {
    @Override
    Optional<ApiFailure> check(Form form) {
      return required(form, "selfie");
    }

    @Override
    Event event(RequestMeta meta, Form form, IdentityKeys ids) {
      return new Event(Topics.FRONT_FACE_SUBMITTED, meta.getRequestId(), FrontFaceSubmitted.newBuilder()
          .setMeta(meta).setSelfie(ByteBuffer.wrap(form.file("selfie"))).build());
    }
  },
  VALIDATE_SIDE_FACE("validate_side_face", Endpoint.VALIDATE_SIDE_FACE, Map.of("selfie", UploadLimits.SELFIE)) {
    @Override
    String tokenField() {
      return "token_front_face";
    }

    @Override
    Optional<ApiFailure> check(Form form) {
      return first(required(form, tokenField(), "selfie"), tokenFits(form, tokenField()));
    }

    @Override
    Event event(RequestMeta meta, Form form, IdentityKeys ids) {
      String token = form.field(tokenField());
      return new Event(Topics.SIDE_FACE_SUBMITTED, token, SideFaceSubmitted.newBuilder().setMeta(meta)
          .setTokenFrontFace(token).setSelfie(ByteBuffer.wrap(form.file("selfie"))).build());
    }
  },
  VERIFY("verify", Endpoint.VERIFY, Map.of("image_ref1", UploadLimits.IMAGE, "image_ref2", UploadLimits.IMAGE, "image_ref3", UploadLimits.IMAGE)) {
    @Override
    String tokenField() {
      return "token";
    }

    @Override
    Set<Permission> permissions(Form form) {
      // Any liveness permission opens verify; the comparison type needs its own.
      Permission comparison = "1".equals(form.field("comparison_type"))
          ? Permission.COMPARISON_TYPE_1 : Permission.COMPARISON_TYPE_0;
      return EnumSet.of(comparison);
    }

    @Override
    boolean allowed(ApiKey key) {
      return key.getPermissions().stream().anyMatch(LIVENESS::contains);
    }

    @Override
    Optional<ApiFailure> precheck(Form form) {
      return first(required(form, tokenField(), "comparison_type"), tokenFits(form, tokenField()), choice(form, "comparison_type", "0", "1"));
    }

    @Override
    Optional<ApiFailure> check(Form form) {
      Optional<ApiFailure> common = first(
          choice(form, "liveness_preferences", "none", "selfie_no_metadata_check", "video_strict"),
          choice(form, "multi_oriented_detection", "0", "1"));
      if (common.isPresent()) {
        return common;
      }
      if ("0".equals(form.field("comparison_type"))) {
        // Any of image_ref1..3 will do; the first is named when none came.
        boolean anyRef = form.file("image_ref1") != null || form.file("image_ref2") != null || form.file("image_ref3") != null;
        return first(required(form, "uuid"), maxBytes(form, "uuid", 512),
            anyRef ? Optional.empty() : Optional.of(ApiFailure.of(ApiError.MISSING_ARGUMENTS, "image_ref1")));
      }
      return idCard(form);
    }

    @Override
    Event event(RequestMeta meta, Form form, IdentityKeys ids) {
      List<NamedImage> refs = new ArrayList<>();
      for (String name : List.of("image_ref1", "image_ref2", "image_ref3")) {
        if (form.file(name) != null) {
          refs.add(new NamedImage(name, ByteBuffer.wrap(form.file(name))));
        }
      }
      int comparisonType = Integer.parseInt(form.field("comparison_type"));
      // Past this point the number and the name exist only as keyed hashes: no topic, store or log holds them.
      VerifyParams params = VerifyParams.newBuilder()
          .setComparisonType(comparisonType)
          .setUuid(form.field("uuid"))
          .setIdKey(comparisonType == 1 ? ids.idKey(form.field("idcard_number")) : null)
          .setNameKey(comparisonType == 1 ? ids.nameKey(form.field("idcard_name")) : null)
          .setLivenessPreferences(or(form, "liveness_preferences", "none"))
          .setMultiOrientedDetection("1".equals(form.field("multi_oriented_detection")))
          .build();
      String token = form.field(tokenField());
      return new Event(Topics.VERIFY_SUBMITTED, token, VerifySubmitted.newBuilder().setMeta(meta)
          .setToken(token).setParams(params).setImageRefs(refs).build());
    }
  },
  /** The admin call (under /faceid/admin/): registers one identity, or deletes it with action=delete. */
  IDENTITY("identity", Endpoint.IDENTITY, Map.of("photo", UploadLimits.SELFIE)) {
    @Override
    boolean admin() {
      return true;
    }

    @Override
    Optional<ApiFailure> check(Form form) {
      Optional<ApiFailure> options = first(choice(form, "action", "register", "delete"), choice(form, "keep_photo", "0", "1"));
      if (options.isPresent()) {
        return options;
      }
      if (DELETE.equals(form.field("action"))) {
        return first(required(form, "idcard_number"), idCardNumber(form));
      }
      return first(required(form, "photo"), idCard(form));
    }

    @Override
    Event event(RequestMeta meta, Form form, IdentityKeys ids) {
      boolean delete = DELETE.equals(form.field("action"));
      IdentitySubmitted.Builder identity = IdentitySubmitted.newBuilder().setMeta(meta)
          .setIdKey(ids.idKey(form.field("idcard_number"))).setDelete(delete);
      if (!delete) {
        identity.setNameKey(ids.nameKey(form.field("idcard_name"))).setPhoto(ByteBuffer.wrap(form.file("photo")))
            .setKeepPhoto("1".equals(form.field("keep_photo")));
      }
      return new Event(Topics.IDENTITY_SUBMITTED, meta.getRequestId(), identity.build());
    }
  };

  private static final String DELETE = "delete";

  static final int BIZ_NO_MAX = 128;
  private static final Set<Permission> LIVENESS = EnumSet.of(Permission.VIDEO, Permission.STILL, Permission.SELFIE);

  /** The seeds allow 128 characters: counted as characters (code points), not UTF-16 units. */
  static boolean bizNoTooLong(String bizNo) {
    return bizNo != null && bizNo.codePointCount(0, bizNo.length()) > BIZ_NO_MAX;
  }

  /** One event to publish: the topic, its key (token or request_id) and the value. */
  record Event(Topic<String, ? extends SpecificRecord> topic, String key, SpecificRecord value) {}

  private final String path;
  private final Endpoint endpoint;
  private final Map<String, Long> fileLimits;

  Endpoints(String path, Endpoint endpoint, Map<String, Long> fileLimits) {
    this.path = path;
    this.endpoint = endpoint;
    this.fileLimits = fileLimits;
  }

  public String path() {
    return path;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public Map<String, Long> fileLimits() {
    return fileLimits;
  }

  public static Optional<Endpoints> byPath(String path) {
    for (Endpoints e : values()) {
      if (e.path.equals(path)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** An admin call, under /faceid/admin/ rather than the vendor's /faceid/lite/raw/. */
  boolean admin() {
    return false;
  }

  /** The field that carries the token this call redeems; null for calls that redeem none. */
  String tokenField() {
    return null;
  }

  /** idcard_name and idcard_number as seed 002 wants them (the name checked first). */
  static Optional<ApiFailure> idCard(Form form) {
    Optional<ApiFailure> missing = required(form, "idcard_name", "idcard_number");
    if (missing.isPresent()) {
      return missing;
    }
    String name = form.field("idcard_name");
    if (form.overlong("idcard_name") || name.codePointCount(0, name.length()) > 32 || name.contains("\uFFFD")) {
      return Optional.of(ApiFailure.of(ApiError.INVALID_NAME_FORMAT));
    }
    return idCardNumber(form);
  }

  /** 18 characters, 17 digits then a digit or X/x, and a correct GB 11643 check digit. */
  static Optional<ApiFailure> idCardNumber(Form form) {
    if (form.overlong("idcard_number") || !IdCardNumber.valid(form.field("idcard_number"))) {
      return Optional.of(ApiFailure.of(ApiError.INVALID_IDCARD_NUMBER));
    }
    return Optional.empty();
  }

  /** Whether the key may call this endpoint at all. */
  boolean allowed(ApiKey key) {
    return key.getPermissions().contains(required());
  }

  private Permission required() {
    return switch (endpoint) {
      case GET_RANDOM_NUMBER, VALIDATE_VIDEO -> Permission.VIDEO;
      case VALIDATE_STILL -> Permission.STILL;
      case VALIDATE_FRONT_FACE, VALIDATE_SIDE_FACE -> Permission.SELFIE;
      case VERIFY -> throw new IllegalStateException("verify overrides allowed()");
      case IDENTITY -> Permission.IDENTITY_ADMIN;
    };
  }

  /** Further permissions that depend on the arguments (verify's comparison_type). */
  Set<Permission> permissions(Form form) {
    return Set.of();
  }

  /**
   * A file argument sent as a text field (an url-encoded {@code video=...}) is not a file: a
   * BAD_ARGUMENTS of that key, decided before any check that would read the file.
   */
  Optional<ApiFailure> filesSentAsText(Form form) {
    for (String name : fileLimits.keySet()) {
      if (form.file(name) == null && form.sent(name)) {
        return Optional.of(ApiFailure.of(ApiError.BAD_ARGUMENTS, name));
      }
    }
    return Optional.empty();
  }

  /** Arguments that must be right before {@link #permissions(Form)} can be judged. */
  Optional<ApiFailure> precheck(Form form) {
    return Optional.empty();
  }

  /** The endpoint's own argument checks, after authentication and permissions. */
  Optional<ApiFailure> check(Form form) {
    return Optional.empty();
  }

  abstract Event event(RequestMeta meta, Form form, IdentityKeys ids);

  @SafeVarargs
  static Optional<ApiFailure> first(Optional<ApiFailure>... checks) {
    for (Optional<ApiFailure> check : checks) {
      if (check.isPresent()) {
        return check;
      }
    }
    return Optional.empty();
  }

  /** Each of {@code names} sent, and not empty. */
  static Optional<ApiFailure> required(Form form, String... names) {
    for (String name : names) {
      if (form.empty(name)) {
        return Optional.of(ApiFailure.of(ApiError.BAD_ARGUMENTS, name));
      }
      if (!form.has(name) && !form.overlong(name)) {
        return Optional.of(ApiFailure.of(ApiError.MISSING_ARGUMENTS, name));
      }
    }
    return Optional.empty();
  }

  /**
   * A token longer than any form field is kept cannot be one the service issued (they are 43
   * characters): INVALID_TOKEN from the gateway, with or without the token key, as it has no key to
   * publish by.
   */
  static Optional<ApiFailure> tokenFits(Form form, String name) {
    return form.overlong(name) ? Optional.of(ApiFailure.of(ApiError.INVALID_TOKEN)) : Optional.empty();
  }

  /** An optional enumerated argument: absent, or one of {@code allowed} (sent empty is neither). */
  static Optional<ApiFailure> choice(Form form, String name, String... allowed) {
    if (form.overlong(name) || form.empty(name)) {
      return Optional.of(ApiFailure.of(ApiError.BAD_ARGUMENTS, name));
    }
    String value = form.field(name);
    if (value == null || List.of(allowed).contains(value)) {
      return Optional.empty();
    }
    return Optional.of(ApiFailure.of(ApiError.BAD_ARGUMENTS, name));
  }

  static Optional<ApiFailure> maxBytes(Form form, String name, int max) {
    String value = form.field(name);
    boolean tooLong = form.overlong(name)
        || (value != null && value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max);
    return tooLong ? Optional.of(ApiFailure.of(ApiError.BAD_ARGUMENTS, name)) : Optional.empty();
  }

  /** The images the answer must carry: return_image, already checked, or 0. */
  static int imagesAsked(Form form) {
    return intOr(form, "return_image", 0);
  }

  private static String or(Form form, String name, String fallback) {
    String value = form.field(name);
    return value == null ? fallback : value;
  }

  private static int intOr(Form form, String name, int fallback) {
    String value = form.field(name);
    return value == null ? fallback : Integer.parseInt(value);
  }
}
