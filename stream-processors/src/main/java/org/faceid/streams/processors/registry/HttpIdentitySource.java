package org.faceid.streams.processors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentityPhotoState;

/**
 * An external identity service over HTTP (README, "External identity source"). It is asked by the
 * ID number's HMAC under the shared identity key, never by the number:
 * <pre>
 *   GET {base}/{id_key}
 *   200 {"name_key": "&lt;HMAC of the normalised name, hex&gt;", "photo": "&lt;base64 image&gt;" or null}
 *   404 no such ID number
 * </pre>
 * Anything else, a body over {@value #MAX_BODY_BYTES} bytes, or no answer within the timeout is
 * {@link IdentitySource.Unavailable}: DATA_SOURCE_ERROR. The photo is analyzed here, as an import
 * would (a photo with no single face is registered unusable), and the record is cached in the registry.
 */
public final class HttpIdentitySource implements IdentitySource {

  /** Base64 of a photo of some MB: the body is refused past this, before it is buffered further. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
  public static final String SOURCE = "http";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final FaceEngine engine;
  private final String modelSet;
  private final Clock clock;

  public HttpIdentitySource(URI base, Duration timeout, FaceEngine engine, String modelSet, Clock clock) {
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.engine = engine;
    this.modelSet = modelSet;
    this.clock = clock;
  }

  @Override
  public Identity find(String idKey) throws Unavailable {
    HttpResponse<InputStream> response;
    JsonNode body;
    try {
      response = http.send(HttpRequest.newBuilder(base.resolve(idKey)).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() == 404) {
          return null;
        }
        if (response.statusCode() != 200) {
          throw new Unavailable("identity source answered " + response.statusCode(), null);
        }
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
          throw new Unavailable("identity source answer over " + MAX_BODY_BYTES + " bytes", null);
        }
        body = JSON.readTree(bytes);
      }
    } catch (IOException e) {
      throw new Unavailable("identity source: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted", e);
    }
    JsonNode nameKey = body.get("name_key");
    if (nameKey == null || !nameKey.isTextual()) {
      throw new Unavailable("identity source answer without name_key", null);
    }
    Identity.Builder record = Identity.newBuilder().setIdKey(idKey).setNameKey(nameKey.asText()).setModelSet(modelSet)
        .setSource(SOURCE).setRegisteredAtMs(clock.millis());
    JsonNode photo = body.get("photo");
    if (photo == null || photo.isNull()) {
      return record.setPhotoState(IdentityPhotoState.NO_PHOTO).build();
    }
    byte[] image;
    try {
      image = Base64.getDecoder().decode(photo.asText());
    } catch (IllegalArgumentException e) {
      return record.setPhotoState(IdentityPhotoState.UNREADABLE).build();
    }
    RegisteredPhoto analyzed = RegisteredPhoto.analyze(engine, image);
    // The source's photo is what it is: several faces and none alike leave nothing to compare with.
    IdentityPhotoState state = analyzed.state() == null ? IdentityPhotoState.NO_FACE : analyzed.state();
    return record.setPhotoState(state).setEmbedding(analyzed.embedding()).setFaceWidth(analyzed.faceWidth())
        .setBlur(analyzed.blur()).setBrightness(analyzed.brightness()).setMonochrome(analyzed.monochrome()).build();
  }
}
