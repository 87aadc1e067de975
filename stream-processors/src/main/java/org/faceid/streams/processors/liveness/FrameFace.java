package org.faceid.streams.processors.liveness;

import org.faceid.streams.processors.face.FaceBox;

/**
 * The main face of one sampled frame, with the cheap measures taken on every frame. {@code crowded}:
 * another face of comparable size shares the frame.
 */
public record FrameFace(int frame, long timeMs, FaceBox box, float[] landmarks, float mouthOpening, double blur,
    double brightness, double eyesOpen, double occlusion, int faceCount, boolean crowded) {

  /** Shorter side of the face box in pixels of the analyzed frame. */
  public double size() {
    return Math.min(box.width(), box.height());
  }
}
