package org.faceid.streams.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The operator tools' counters, registered at zero so a scraper sees them before the first run:
 * <ul>
 *   <li>{@code faceid_batch_cases_total{outcome}}: cases a {@code deploy/faceid batch} run finished,
 *       by {@link BatchOutcome} ({@code passed}, {@code refused}, {@code failed});
 *   <li>{@code faceid_replay_requests_total{changed}}: requests a {@code deploy/faceid replay} run
 *       replayed, {@code changed="true"} where the replayed answer differs from the original
 *       ({@code request_id} and {@code time_used} aside);
 *   <li>{@code faceid_replay_skipped_total{reason}}: requests it could not replay, by
 *       {@link ReplaySkip}.
 * </ul>
 */
public final class OperatorMetrics {

  public static final String BATCH_CASES = "faceid.batch.cases";
  public static final String REPLAY_REQUESTS = "faceid.replay.requests";
  public static final String REPLAY_SKIPPED = "faceid.replay.skipped";

  /** How a batch case ended. */
  public enum BatchOutcome {
    /** Every answer of the case (validation, then verify) was a 200. */
    PASSED,
    /** An answer carried an error_message: the API's verdict on the case. */
    REFUSED,
    /** The case could not run: a file missing or unreadable, or no answer came. */
    FAILED
  }

  /** Why a recorded request could not be replayed. */
  public enum ReplaySkip {
    OUTSIDE_RETENTION,
    MISSING_TOKENS
  }

  private final MeterRegistry registry;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (BatchOutcome outcome : BatchOutcome.values()) {
      batchCases(outcome);
    }
    replayRequests(true);
    replayRequests(false);
    for (ReplaySkip reason : ReplaySkip.values()) {
      replaySkipped(reason);
    }
  }

  public void batchCase(BatchOutcome outcome) {
    batchCases(outcome).increment();
  }

  public void replayed(boolean changed) {
    replayRequests(changed).increment();
  }

  public void notReplayed(ReplaySkip reason) {
    replaySkipped(reason).increment();
  }

  private Counter batchCases(BatchOutcome outcome) {
    return Counter.builder(BATCH_CASES).description("cases a batch run finished, by outcome")
        .tag("outcome", label(outcome)).register(registry);
  }

  private Counter replayRequests(boolean changed) {
    return Counter.builder(REPLAY_REQUESTS).description("requests a replay run replayed, by whether the answer changed")
        .tag("changed", Boolean.toString(changed)).register(registry);
  }

  private Counter replaySkipped(ReplaySkip reason) {
    return Counter.builder(REPLAY_SKIPPED).description("requests a replay run could not replay, by reason")
        .tag("reason", label(reason)).register(registry);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
