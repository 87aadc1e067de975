package org.faceid.streams.gateway.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts each api key's requests in flight on this gateway against the key's limit. */
public final class ConcurrencyLimiter {

  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

  /** Takes a slot, or returns false when the key already has {@code limit} requests in flight. */
  public boolean tryAcquire(String apiKey, int limit) {
    boolean[] acquired = {false};
    inFlight.compute(apiKey, (k, n) -> {
      int current = n == null ? 0 : n;
      if (current >= limit) {
        return n;
      }
      acquired[0] = true;
      return current + 1;
    });
    return acquired[0];
  }

  public void release(String apiKey) {
    inFlight.computeIfPresent(apiKey, (k, n) -> n <= 1 ? null : n - 1);
  }

  public int inFlight(String apiKey) {
    return inFlight.getOrDefault(apiKey, 0);
  }
}
