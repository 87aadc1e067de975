package org.faceid.streams.gateway.form;

/**
 * The slowest upload accepted: after {@code graceMillis}, at least {@code minBytesPerSecond} on
 * average since the body began. 0 bytes per second turns the check off.
 */
public record UploadPace(long minBytesPerSecond, long graceMillis) {

  public static final UploadPace NONE = new UploadPace(0, 0);

  boolean tooSlow(long bytes, long millis) {
    return minBytesPerSecond > 0 && millis > graceMillis && bytes * 1000 < minBytesPerSecond * millis;
  }
}
