package org.faceid.streams.processors.common;

import java.util.Map;

/**
 * How many threads the stages run, sized to the machine's cores so that none sits idle while
 * requests wait: each stage runs {@code streamThreads} stream threads (useful up to the partition
 * count of its input topics), and each onnxruntime session {@code onnxThreads} intra-op threads, so
 * that stream threads × intra-op threads ≈ cores.
 *
 * @param streamThreads stream threads per stage ({@value #STREAM_THREADS_ENV}, default: the cores)
 * @param onnxThreads intra-op threads per onnxruntime session ({@value #ONNX_THREADS_ENV}, default:
 *     cores / stream threads, at least 1)
 */
public record Parallelism(int streamThreads, int onnxThreads) {

  public static final String STREAM_THREADS_ENV = "FACEID_STREAM_THREADS";
  public static final String ONNX_THREADS_ENV = "FACEID_ONNX_THREADS";

  public Parallelism {
    if (streamThreads < 1 || onnxThreads < 1) {
      throw new IllegalArgumentException("stream and onnx threads must be at least 1: " + streamThreads + ", " + onnxThreads);
    }
  }

  public static Parallelism fromEnv(Map<String, String> env) {
    return fromEnv(env, Runtime.getRuntime().availableProcessors());
  }

  static Parallelism fromEnv(Map<String, String> env, int cores) {
    int threads = positive(env, STREAM_THREADS_ENV, cores);
    return new Parallelism(threads, positive(env, ONNX_THREADS_ENV, Math.max(1, cores / threads)));
  }

  private static int positive(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int n = Integer.parseInt(value.trim());
    if (n < 1) {
      throw new IllegalArgumentException(name + "=" + value + " must be at least 1");
    }
    return n;
  }
}
