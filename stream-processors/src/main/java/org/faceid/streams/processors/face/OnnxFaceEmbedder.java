package org.faceid.streams.processors.face;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code fr_feature.onnx}: input 1x3x112x112 ((v - 127) / 128) of a face aligned to the ArcFace
 * reference points, output 1x512 raw embedding, L2-normalised here.
 */
public final class OnnxFaceEmbedder implements FaceEmbedder {

  static final String FILE = "fr_feature.onnx";

  private final OnnxModel model;
  private final boolean rgb;

  OnnxFaceEmbedder(OnnxModel model, boolean rgb) {
    this.model = model;
    this.rgb = rgb;
  }

  public OnnxFaceEmbedder(OnnxModel model) {
    this(model, false);
  }

  @Override
  public float[] embed(Mat aligned112) {
    float[] input = Mats.planar(aligned112, rgb, 127f, 1f / 128f);
    return normalise(model.runSingle(input, 1, 3, FaceAligner.SIZE, FaceAligner.SIZE));
  }

  static float[] normalise(float[] v) {
    double n = 0;
    for (float f : v) {
      n += (double) f * f;
    }
    n = Math.sqrt(n);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = n > 0 ? (float) (v[i] / n) : 0f;
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
