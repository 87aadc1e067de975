package org.faceid.streams.processors.face;

import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.decode.ImageProbe;
import org.faceid.streams.processors.decode.UnsupportedMediaException;

/**
 * The checks a photo passes before the face engine decodes it, in the stage that judges it (selfie,
 * compare, and the registry for an identity's photo): a supported format, no side over
 * {@value #MAX_IMAGE_SIDE} px, read from the header before any pixel is allocated, and a complete structure ({@link ImageProbe#inspect}). The
 * engine's own decode, which comes next, refuses what still does not decode
 * (IMAGE_ERROR_UNSUPPORTED_FORMAT), so the pixels are decoded once. Photos travel as uploaded: they
 * have no compact form, so unlike a video they need no decode stage of their own.
 */
public final class UploadedImages {

  /** Images larger than this on either side answer INVALID_IMAGE_SIZE (seed 002). */
  public static final int MAX_IMAGE_SIDE = 4096;

  private static final ImageProbe PROBE = new ImageProbe();

  private UploadedImages() {}

  /** The error an uploaded photo earns before decoding, or null when the engine may decode it. */
  public static ApiError refusal(byte[] image) {
    ImageProbe.Result header;
    try {
      header = PROBE.inspect(image);
    } catch (UnsupportedMediaException e) {
      return ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT;
    }
    return header.width() > MAX_IMAGE_SIDE || header.height() > MAX_IMAGE_SIDE ? ApiError.INVALID_IMAGE_SIZE : null;
  }
}
