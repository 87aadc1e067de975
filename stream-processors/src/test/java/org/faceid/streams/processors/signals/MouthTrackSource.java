package org.faceid.streams.processors.signals;

import java.util.function.ToDoubleFunction;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.face.FaceBox;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceMesh;

/**
 * Where the calibration's mouth track comes from: production's 68 landmarks ({@link MouthOpening}),
 * or, to measure whether better lip landmarks would help, MediaPipe's face mesh. Chosen with
 * {@code -Dfaceid.mouth=landmarks68|mesh-gap|mesh-drop|mesh-gap-drop}; the mesh variants were
 * measured and not adopted (MODELS.md, "Lip sync").
 */
enum MouthTrackSource {
  /** Production: the lower lip's drop below the nose base, from the 68 points. */
  LANDMARKS68("landmarks68", MouthOpening::of),
  /** The inner lips' gap (mesh 13-14, 82-87, 312-317) in nose lengths (168 to 2). */
  MESH_GAP("mesh-gap", p -> innerGap(p) / noseLength(p)),
  /** As production's measure, on the mesh: the lower lip's drop (inner 14, outer 17) below the nose base 2. */
  MESH_DROP("mesh-drop", p -> lowerLipDrop(p) / noseLength(p)),
  /** Both mesh measures added. */
  MESH_GAP_DROP("mesh-gap-drop", p -> (innerGap(p) + lowerLipDrop(p)) / noseLength(p));

  static final MouthTrackSource CHOSEN = byName(System.getProperty("faceid.mouth", "landmarks68"));

  private static FaceMesh mesh;

  private final String name;
  private final ToDoubleFunction<float[]> opening;

  MouthTrackSource(String name, ToDoubleFunction<float[]> opening) {
    this.name = name;
    this.opening = opening;
  }

  /** How far the mouth is open, from {@link #points}. */
  double opening(float[] points) {
    return opening.applyAsDouble(points);
  }

  /** The landmarks this source measures: the 68 points or the 468 of the mesh (null: none found). */
  float[] points(FaceEngine engine, Mat bgr, FaceBox face) {
    return this == LANDMARKS68 ? engine.landmarks68(bgr, face) : mesh().points(bgr, face);
  }

  private static synchronized FaceMesh mesh() {
    if (mesh == null) {
      mesh = FaceMesh.load();
    }
    return mesh;
  }

  private static MouthTrackSource byName(String name) {
    for (MouthTrackSource s : values()) {
      if (s.name.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("faceid.mouth=" + name + " is not a mouth track source");
  }

  private static double innerGap(float[] p) {
    return (MouthOpening.distance(p, 13, 14) + MouthOpening.distance(p, 82, 87) + MouthOpening.distance(p, 312, 317)) / 3;
  }

  private static double lowerLipDrop(float[] p) {
    return (MouthOpening.distance(p, 2, 14) + MouthOpening.distance(p, 2, 17)) / 2;
  }

  private static double noseLength(float[] p) {
    return MouthOpening.distance(p, 168, 2);
  }
}
