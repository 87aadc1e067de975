package org.faceid.streams.processors.registry;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.identity.IdCardNumber;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentityPhotoState;

/**
 * Turns one identity (ID number, name, photo) into its registry record, or the seed's error name
 * for why it cannot be registered. A record equal in all that matters to the one already registered
 * (same name, same photo, same models, photo kept or not as asked) is UNCHANGED: re-importing a file
 * writes nothing.
 */
public final class IdentityRegistration {

  /** The vendor's limit on idcard_name, in characters. */
  static final int NAME_MAX = 32;

  public enum Status { REGISTERED, UNCHANGED, FAILED }

  /** What became of one identity; {@code record} is what to write when REGISTERED. */
  public record Result(Status status, String error, Identity record) {
    static Result failed(String error) {
      return new Result(Status.FAILED, error, null);
    }
  }

  /**
   * @param keepPhotos keep the photo in the record (for audit, and re-embedding after a model change)
   * @param registerUnusable register an identity whose photo is missing, unreadable or faceless
   *     anyway, as a data source may hold one: verify then answers the seed's {@code :data_source} error
   */
  public record Options(boolean keepPhotos, boolean registerUnusable, String source) {}

  private final IdentityKeys keys;
  private final FaceEngine engine;
  private final String modelSet;
  private final Clock clock;

  /** @param keys the identity key, for registrations by clear number and name; null where only hashes arrive */
  public IdentityRegistration(IdentityKeys keys, FaceEngine engine, String modelSet, Clock clock) {
    this.keys = keys;
    this.engine = engine;
    this.modelSet = modelSet;
    this.clock = clock;
  }

  /**
   * @param photo the photo's bytes, or null when there is none
   * @param registered the record now in the registry under this number, or null
   */
  public Result register(String idCardNumber, String name, byte[] photo, Identity registered, Options options) {
    if (!IdCardNumber.valid(idCardNumber)) {
      return Result.failed(ApiError.INVALID_IDCARD_NUMBER.message());
    }
    if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > NAME_MAX || name.contains("\uFFFD")) {
      return Result.failed(ApiError.INVALID_NAME_FORMAT.message());
    }
    return registerHashed(keys.idKey(idCardNumber), keys.nameKey(name), photo, registered, options);
  }

  /**
   * As {@link #register(String, String, byte[], Identity, Options)} for a number and a name already
   * checked and hashed (the admin call: the gateway checked and hashed them).
   */
  public Result registerHashed(String idKey, String nameKey, byte[] photo, Identity registered, Options options) {
    byte[] sha = photo == null ? null : sha256(photo);
    if (registered != null && unchanged(registered, nameKey, sha, options)) {
      return new Result(Status.UNCHANGED, null, registered);
    }
    Identity.Builder record = Identity.newBuilder().setIdKey(idKey).setNameKey(nameKey).setModelSet(modelSet)
        .setSource(options.source()).setRegisteredAtMs(clock.millis())
        .setPhotoSha256(sha == null ? null : ByteBuffer.wrap(sha))
        .setPhoto(photo != null && options.keepPhotos() ? ByteBuffer.wrap(photo) : null);
    if (photo == null) {
      return options.registerUnusable()
          ? new Result(Status.REGISTERED, null, record.setPhotoState(IdentityPhotoState.NO_PHOTO).build())
          : Result.failed(ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT.message());
    }
    return analyzed(record, photo, options.registerUnusable());
  }

  /** NEEDS_REIMPORT: a record of other models without a kept photo to embed again. */
  public static final String NEEDS_REIMPORT = "NEEDS_REIMPORT";

  /**
   * A record made by other face models, embedded again from its kept photo with the current ones
   * (UNCHANGED when it already is current); FAILED with {@value #NEEDS_REIMPORT} when no photo was kept.
   */
  public Result reembed(Identity registered) {
    if (registered.getModelSet().equals(modelSet) || registered.getPhotoState() == IdentityPhotoState.NO_PHOTO) {
      return new Result(Status.UNCHANGED, null, registered);
    }
    if (registered.getPhoto() == null) {
      return Result.failed(NEEDS_REIMPORT);
    }
    Identity.Builder record = Identity.newBuilder(registered).setModelSet(modelSet).setRegisteredAtMs(clock.millis());
    return analyzed(record, Buffers.bytes(registered.getPhoto()), true);
  }

  private Result analyzed(Identity.Builder record, byte[] photo, boolean registerUnusable) {
    RegisteredPhoto analyzed = RegisteredPhoto.analyze(engine, photo);
    if (analyzed.error() != null && (!registerUnusable || analyzed.state() == null)) {
      return Result.failed(analyzed.error().message());
    }
    record.setPhotoState(analyzed.state()).setEmbedding(analyzed.embedding()).setFaceWidth(analyzed.faceWidth())
        .setBlur(analyzed.blur()).setBrightness(analyzed.brightness()).setMonochrome(analyzed.monochrome());
    // Registered; an unusable photo (on request) keeps its error name for the report.
    return new Result(Status.REGISTERED, analyzed.error() == null ? null : analyzed.error().message(), record.build());
  }

  private boolean unchanged(Identity registered, String nameKey, byte[] sha, Options options) {
    byte[] registeredSha = registered.getPhotoSha256() == null ? null : Buffers.bytes(registered.getPhotoSha256());
    // An unusable registration stays only when asked for: otherwise the row's photo is judged (and reported) again.
    return (registered.getPhotoState() == IdentityPhotoState.USABLE || options.registerUnusable())
        && registered.getNameKey().equals(nameKey)
        && Arrays.equals(registeredSha, sha)
        && registered.getModelSet().equals(modelSet)
        && (registered.getPhoto() != null) == (options.keepPhotos() && sha != null);
  }

  private static byte[] sha256(byte[] photo) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(photo);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
