package org.faceid.streams.gateway.auth;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.faceid.streams.schema.ApiKey;

/**
 * Checks a caller's credentials without letting failures cost much. A secret that matched before
 * is checked by one HMAC (no PBKDF2), whatever else is going on. Every other attempt first takes a
 * token from its client address's and its api_key's {@link LoginThrottle}; PBKDF2 then runs in the
 * small {@link HashPool}. An unknown api_key costs no PBKDF2 at all: its answer waits as long as a
 * typical hash takes (a sleep, no CPU), so timing still does not tell unknown keys from wrong secrets.
 */
public final class Authenticator implements AutoCloseable {

  /** What became of an attempt. */
  public enum Outcome {
    ADMITTED,
    /** api_key and api_secret do not match (or the key is unknown). */
    REJECTED,
    /** Too many failures from this address or for this key, or the hash pool is full: no hash run. */
    THROTTLED
  }

  public record Verdict(Outcome outcome, ApiKey key) {
    static Verdict of(Outcome outcome) {
      return new Verdict(outcome, null);
    }
  }

  /**
   * @param addressBurst failed logins a client address may make at once, one back every {@code addressRefill}
   * @param keyBurst failed logins an api_key may get at once, one back every {@code keyRefill}
   */
  public record Policy(int addressBurst, Duration addressRefill, int keyBurst, Duration keyRefill,
      int hashThreads, int hashQueue) {
    public static final Policy DEFAULT =
        new Policy(20, Duration.ofSeconds(3), 10, Duration.ofSeconds(6), HashPool.defaultThreads(), 16);
  }

  private static final int CALIBRATION_RUNS = 12;

  private final ApiKeyDirectory directory;
  private final LoginThrottle addresses;
  private final LoginThrottle keys;
  private final HashPool hashes;
  private final AtomicLong typicalHashNanos = new AtomicLong();
  private final Thread calibration;

  public Authenticator(ApiKeyDirectory directory, Policy policy) {
    this.directory = directory;
    this.addresses = new LoginThrottle(policy.addressBurst(), policy.addressRefill(), System::nanoTime);
    this.keys = new LoginThrottle(policy.keyBurst(), policy.keyRefill(), System::nanoTime);
    this.hashes = new HashPool(policy.hashThreads(), policy.hashQueue());
    // The first hash runs before the JIT has compiled PBKDF2 and takes several times a warm one:
    // an upper bound until the warm runs below settle. Left at it, unknown keys waited 2-6 times as
    // long as wrong secrets (0.09-0.30 s against 0.05-0.07 s), since only real hashes corrected it.
    typicalHashNanos.set(timeOneHash());
    // A platform thread at low priority: on a virtual thread this CPU work would hold a carrier
    // that the gateway's requests run on.
    calibration = Thread.ofPlatform().name("hash-calibration").daemon().priority(Thread.MIN_PRIORITY)
        .start(this::calibrate);
  }

  /** The median of the last warm runs (the first ones are the JIT's), once, in the background. */
  private void calibrate() {
    long[] runs = new long[CALIBRATION_RUNS];
    for (int i = 0; i < runs.length; i++) {
      if (Thread.currentThread().isInterrupted()) {
        return; // closed
      }
      runs[i] = timeOneHash();
    }
    long[] warm = Arrays.copyOfRange(runs, runs.length / 2, runs.length);
    Arrays.sort(warm);
    long median = warm[warm.length / 2];
    // Real hashes since the start may already have brought the average lower: keep theirs then.
    typicalHashNanos.updateAndGet(average -> Math.min(average, median));
  }

  private static long timeOneHash() {
    long t0 = System.nanoTime();
    SecretHasher.hash("calibration", new byte[16], SecretHasher.ITERATIONS);
    return System.nanoTime() - t0;
  }

  public Verdict authenticate(String apiKey, String secret, String clientAddress) throws InterruptedException {
    Optional<ApiKey> found = directory.find(apiKey);
    if (found.isPresent() && directory.rememberedMatch(found.get(), secret)) {
      return new Verdict(Outcome.ADMITTED, found.get());
    }
    if (!addresses.tryTake(clientAddress)) {
      return Verdict.of(Outcome.THROTTLED);
    }
    if (found.isEmpty()) {
      TimeUnit.NANOSECONDS.sleep(typicalHashNanos.get());
      return Verdict.of(Outcome.REJECTED);
    }
    if (!keys.tryTake(apiKey)) {
      return Verdict.of(Outcome.THROTTLED);
    }
    return hashCheck(found.get(), secret, clientAddress);
  }

  private Verdict hashCheck(ApiKey key, String secret, String clientAddress) throws InterruptedException {
    boolean matches;
    long t0 = System.nanoTime();
    try {
      matches = hashes.matches(secret, ApiKeyDirectory.bytes(key.getSalt()), key.getIterations(),
          ApiKeyDirectory.bytes(key.getSecretHash()));
    } catch (HashPool.Busy e) {
      // Not judged: neither attempt counts against the caller.
      addresses.giveBack(clientAddress);
      keys.giveBack(key.getApiKey());
      return Verdict.of(Outcome.THROTTLED);
    }
    // A running average that follows the machine's load, for the unknown keys' wait.
    typicalHashNanos.updateAndGet(avg -> (avg * 7 + (System.nanoTime() - t0)) / 8);
    if (!matches) {
      return Verdict.of(Outcome.REJECTED);
    }
    addresses.giveBack(clientAddress);
    keys.giveBack(key.getApiKey());
    directory.remember(key, secret);
    return new Verdict(Outcome.ADMITTED, key);
  }

  @Override
  public void close() {
    calibration.interrupt();
    hashes.close();
  }
}
