package org.faceid.streams.processors.common;

import java.util.function.Supplier;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.RequestMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bug or a native failure on one request must answer that request, not stop the stage. Errors a
 * request can provoke (an allocation it made too large, a native library's linkage or stack
 * failure) are caught too: left to the stream thread, they would replace it and replay the same
 * record forever, and every request behind it would wait.
 */
public final class Guarded {

  private static final Logger log = LoggerFactory.getLogger(Guarded.class);
  private static final Logger timing = LoggerFactory.getLogger(Guarded.class.getName() + ".timing");

  private Guarded() {}

  public static <T> Outcome<T> outcome(String stage, RequestMeta meta, Supplier<Outcome<T>> work) {
    long start = System.currentTimeMillis();
    try {
      return work.get();
    } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
      log.error("stage {} failed unexpectedly on request {}", stage, meta.getRequestId(), e);
      return Outcome.answer(Results.internalError(meta));
    } finally {
      // Where a request's time goes: each stage's start after the gateway took the request, and its work.
      long end = System.currentTimeMillis();
      StageMetrics.record(stage, meta.getReceivedAtMs(), start, end);
      if (timing.isDebugEnabled()) {
        timing.debug("request {} stage {}: started +{} ms, worked {} ms", meta.getRequestId(), stage,
            start - meta.getReceivedAtMs(), end - start);
      }
    }
  }

  public static ApiResult answer(String stage, RequestMeta meta, Supplier<ApiResult> work) {
    return outcome(stage, meta, () -> Outcome.<Void>answer(work.get())).answer();
  }
}
