package org.faceid.streams.gateway.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where PBKDF2 runs: a few threads and a short queue, so a flood of logins costs at most those
 * threads' CPU and everything else (answers from the cache, the processors) keeps the rest.
 */
final class HashPool implements AutoCloseable {

  /** The pool and its queue are full: the caller is answered at once, without hash work. */
  static final class Busy extends Exception {
    Busy() {
      super(null, null, false, false);
    }
  }

  private final ThreadPoolExecutor pool;

  HashPool(int threads, int queue) {
    pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
        Thread.ofPlatform().name("secret-hash-", 0).daemon().factory());
  }

  /** Half the cores (at least one): hashing never takes the whole machine. */
  static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  boolean matches(String secret, byte[] salt, int iterations, byte[] expected) throws Busy, InterruptedException {
    Future<Boolean> match;
    try {
      match = pool.submit(() -> SecretHasher.matches(secret, salt, iterations, expected));
    } catch (RejectedExecutionException e) {
      throw new Busy();
    }
    try {
      return match.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("PBKDF2 failed", e.getCause());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
