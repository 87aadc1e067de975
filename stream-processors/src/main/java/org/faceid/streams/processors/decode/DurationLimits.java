package org.faceid.streams.processors.decode;

/**
 * Accepted clip lengths. validate_video: 3-6 s (seed 000). validate_still: the vendor recommends
 * 1-3 s (seed 001) and names no hard limit, so those bounds are the limit here. Both allow 100 ms
 * either way: containers round the last frame's duration, and a 3.00 s GRID clip decodes to 2.96-3.04 s.
 */
public record DurationLimits(long minMs, long maxMs) {

  static final long TOLERANCE_MS = 100;

  public static final DurationLimits VIDEO = new DurationLimits(3_000, 6_000);
  public static final DurationLimits STILL = new DurationLimits(1_000, 3_000);

  public boolean accepts(long durationMs) {
    return durationMs >= minMs - TOLERANCE_MS && durationMs <= maxMs + TOLERANCE_MS;
  }
}
