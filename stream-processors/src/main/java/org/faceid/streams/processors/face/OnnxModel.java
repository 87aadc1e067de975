package org.faceid.streams.processors.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One onnxruntime session with a single float input. {@link OrtSession#run} is thread-safe, so one
 * instance is shared by every caller.
 */
final class OnnxModel implements AutoCloseable {

  // ERROR level: the BlazeFace export triggers harmless "unused initializer" warnings at load.
  private static final OrtEnvironment ENV =
      OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "faceid");

  private final String file;
  private final OrtSession session;
  private final String inputName;

  private OnnxModel(String file, OrtSession session) throws OrtException {
    this.file = file;
    this.session = session;
    this.inputName = session.getInputNames().iterator().next();
  }

  /**
   * @param intraOpThreads threads of one run: the stages already run in parallel, one stream thread
   *     per core by default, so more intra-op threads than cores / stream threads only contend
   */
  static OnnxModel load(Path path, int intraOpThreads) {
    return load(path, intraOpThreads, true);
  }

  /** {@link #load(Path, int)}, its {@link DeadWeights} zeroed or, to compare, left as they are. */
  static OnnxModel load(Path path, int intraOpThreads, boolean zeroDeadWeights) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      byte[] model = Files.readAllBytes(path);
      if (zeroDeadWeights) {
        DeadWeights.zero(model);
      }
      return new OnnxModel(path.getFileName().toString(), ENV.createSession(model, options));
    } catch (IOException | OrtException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot load model " + path + ": " + e.getMessage(), e);
    }
  }

  /** Runs the model on one input tensor and returns every output, flattened, by name. */
  Map<String, float[]> run(float[] input, long... shape) {
    try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      Map<String, float[]> out = new HashMap<>();
      for (Map.Entry<String, OnnxValue> e : result) {
        FloatBuffer buf = ((OnnxTensor) e.getValue()).getFloatBuffer();
        float[] values = new float[buf.remaining()];
        buf.get(values);
        out.put(e.getKey(), values);
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The single output of a one-output model. */
  float[] runSingle(float[] input, long... shape) {
    return run(input, shape).values().iterator().next();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i] - max);
      sum += e[i];
    }
    float[] p = new float[logits.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (e[i] / sum);
    }
    return p;
  }
}
