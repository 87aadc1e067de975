package org.faceid.streams.processors.liveness;

import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.face.SelfieCheck;

/**
 * The vendor's video errors from the faces of a clip, in the vendor's order (seeds 000, 001):
 * VIDEO_FACE_NOT_FOUND, VIDEO_MULTIPLE_FACES (validate_video only), VIDEO_LOW_FACE_QUALITY,
 * VIDEO_FACE_OCCLUDE (validate_still with face_occlusion_detection=1). Null when the clip passes.
 */
final class VideoLivenessCheck {

  /** A face must be found in at least this share of the sampled frames; lip sync needs most of them. */
  static final double MIN_FACE_FRAME_SHARE = 0.5;
  /** Two comparable faces in this share of the face frames is a clip with several people. */
  static final double MIN_CROWDED_SHARE = 0.3;
  /**
   * Best face's blur (ImageQuality) above this is too blurred. The best frames of the real clips
   * (GRID, HDTF, Hamilton) read 0.35-0.48; GRID frames blurred with sigma 2.2 px read 0.68-0.70 and
   * 2.9 px 0.73-0.75 (beyond that the detector loses the face: VIDEO_FACE_NOT_FOUND).
   */
  static final double MAX_BLUR = 0.62;
  /** Best face's shorter box side below this many pixels (in the decoded frame) is too small. */
  static final double MIN_FACE_PIXELS = 48;
  /** Eyes below this probability count as closed. */
  static final double EYES_OPEN_MIN = 0.5;
  /** Lower-face chroma distance above this is an occluded face. */
  static final double OCCLUSION_MIN_DISTANCE = 18;
  /** Occluded in this share of the face frames: the vendor fails faces covered "during the entire process". */
  static final double MIN_OCCLUDED_SHARE = 0.9;

  private VideoLivenessCheck() {}

  static ApiError check(VideoFaces faces, int sampledFrames, boolean video, boolean eyeCloseDetection,
      boolean occlusionDetection) {
    long faceFrames = faces.faceFrames();
    if (faces.best() == null || faceFrames < MIN_FACE_FRAME_SHARE * sampledFrames) {
      return ApiError.VIDEO_FACE_NOT_FOUND;
    }
    if (video && faces.crowdedFrames() >= MIN_CROWDED_SHARE * faceFrames) {
      return ApiError.VIDEO_MULTIPLE_FACES;
    }
    FrameFace best = faces.best();
    if (best.blur() > MAX_BLUR || best.size() < MIN_FACE_PIXELS || SelfieCheck.poorLight(best.lighting())) {
      return ApiError.VIDEO_LOW_FACE_QUALITY;
    }
    // Blinks close the eyes for a frame or two; eyes closed on every frame leave no usable face.
    if (eyeCloseDetection && faces.frames().stream().noneMatch(f -> f != null && f.eyesOpen() >= EYES_OPEN_MIN)) {
      return ApiError.VIDEO_LOW_FACE_QUALITY;
    }
    if (occlusionDetection && faces.frames().stream()
        .filter(f -> f != null && f.occlusion() > OCCLUSION_MIN_DISTANCE).count() >= MIN_OCCLUDED_SHARE * faceFrames) {
      return ApiError.VIDEO_FACE_OCCLUDE;
    }
    return null;
  }
}
