package org.faceid.streams.processors.common;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a request's time goes, per stage, as histograms. Recorded into Micrometer's global
 * registry: stages call {@link Guarded} statically, and the service adds its Prometheus registry to
 * the global one for as long as it runs (with none added, recording costs nothing).
 *
 * <ul>
 *   <li>{@code faceid_stage_work_seconds{stage}}: the stage's own work on one request;
 *   <li>{@code faceid_stage_wait_seconds{stage}}: from the gateway's receipt of the request to the
 *       stage starting on it (the hops and queues before it).
 * </ul>
 */
public final class StageMetrics {

  public static final String WORK = "faceid.stage.work";
  public static final String WAIT = "faceid.stage.wait";

  private static final Map<String, Timer> WORK_TIMERS = new ConcurrentHashMap<>();
  private static final Map<String, Timer> WAIT_TIMERS = new ConcurrentHashMap<>();

  private StageMetrics() {}

  /** One request's pass through a stage: received by the gateway, started and ended here (epoch ms). */
  static void record(String stage, long receivedAtMs, long startMs, long endMs) {
    WORK_TIMERS.computeIfAbsent(stage, s -> timer(WORK, s, "the stage's own work on one request"))
        .record(endMs - startMs, TimeUnit.MILLISECONDS);
    WAIT_TIMERS.computeIfAbsent(stage, s -> timer(WAIT, s, "from the gateway's receipt of a request to this stage starting on it"))
        .record(Math.max(0, startMs - receivedAtMs), TimeUnit.MILLISECONDS);
  }

  private static Timer timer(String name, String stage, String description) {
    return Timer.builder(name).description(description).tag("stage", stage)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(Metrics.globalRegistry);
  }
}
