package org.faceid.streams.processors.liveness;

import org.faceid.streams.processors.face.FaceBox;
import org.faceid.streams.processors.face.Lighting;

/**
 * The main face of one sampled frame, with the cheap measures taken on every frame. {@code crowded}:
 * another face of comparable size shares the frame.
 */
public record FrameFace(int frame, long timeMs, FaceBox box, float[] landmarks, float mouthOpening, double blur,
    Lighting lighting, double eyesOpen, double occlusion, int faceCount, boolean crowded) {

  /** Mean luminance of the inner face. */
  public double brightness() {
    return lighting.mean();
  }

  /** Shorter side of the face box in pixels of the analyzed frame. */
  public double size() {
    return Math.min(box.width(), box.height());
  }
}
