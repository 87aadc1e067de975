package org.faceid.streams.processors.face;

/**
 * Everything measured on one face: its box, five alignment points (x0,y0,...,x4,y4: eyes, nose tip,
 * mouth corners), head pose from the pose model ({@code pose}) and from the landmark geometry
 * ({@code geometry}, {@link LandmarkPose}), image quality of the face region, anti-spoof live
 * probability, eyes-open probability and the L2-normalised 512-d embedding.
 */
public record FaceMeasures(FaceBox box, float[] points5, Pose pose, Pose geometry, double blur,
    Lighting lighting, double liveScore, double eyesOpen, float[] embedding) {

  /** Mean luminance of the inner face (what the events record as brightness). */
  public double brightness() {
    return lighting.mean();
  }
}
