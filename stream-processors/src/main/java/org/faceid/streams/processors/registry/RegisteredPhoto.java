package org.faceid.streams.processors.registry;

import java.nio.ByteBuffer;
import java.util.List;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.face.Embeddings;
import org.faceid.streams.processors.face.FaceBox;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.ImageDecoder;
import org.faceid.streams.processors.face.ImageQuality;
import org.faceid.streams.processors.face.Monochrome;
import org.faceid.streams.processors.face.UploadedImages;
import org.faceid.streams.processors.face.UprightImage;
import org.faceid.streams.schema.IdentityPhotoState;

/**
 * What the registry keeps of an identity's photo: the embedding of its one face, its quality and
 * whether it is monochrome; or why it cannot be used, as the seed's error name. The photo passes the
 * same checks as an uploaded one ({@link UploadedImages}) before it is decoded: an import row or an
 * identity source cannot make the registry allocate a decompression bomb's pixels.
 *
 * @param error IMAGE_ERROR_UNSUPPORTED_FORMAT, INVALID_IMAGE_SIZE, NO_FACE_FOUND or MULTIPLE_FACES; null when usable
 */
public record RegisteredPhoto(ApiError error, IdentityPhotoState state, ByteBuffer embedding, double faceWidth,
    double blur, double brightness, boolean monochrome) {

  public static RegisteredPhoto analyze(FaceEngine engine, byte[] photo) {
    ApiError refusal = UploadedImages.refusal(photo);
    if (refusal != null) {
      return failed(refusal, IdentityPhotoState.UNREADABLE);
    }
    UprightImage image;
    try {
      image = ImageDecoder.decode(photo);
    } catch (IllegalArgumentException e) {
      return failed(ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT, IdentityPhotoState.UNREADABLE);
    }
    try (image) {
      List<FaceBox> faces = engine.detect(image.bgr());
      if (faces.isEmpty()) {
        return failed(ApiError.NO_FACE_FOUND, IdentityPhotoState.NO_FACE);
      }
      FaceBox face = FaceEngine.dominant(faces);
      if (face == null) {
        // Not kept even on request: which of the faces is the registered person is unknown.
        return failed(ApiError.MULTIPLE_FACES, null);
      }
      float[] embedding = engine.embedding(image.bgr(), face);
      return new RegisteredPhoto(null, IdentityPhotoState.USABLE, Embeddings.toBytes(embedding),
          face.width(), ImageQuality.blur(image.bgr(), face), ImageQuality.brightness(image.bgr(), face),
          Monochrome.of(image.bgr()));
    }
  }

  private static RegisteredPhoto failed(ApiError error, IdentityPhotoState state) {
    return new RegisteredPhoto(error, state, null, 0, 0, 0, false);
  }
}
