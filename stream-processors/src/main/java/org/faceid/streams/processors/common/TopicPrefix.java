package org.faceid.streams.processors.common;

import java.util.function.Supplier;
import org.faceid.streams.topics.Topic;

/**
 * The topics a stage is built on: the live ones, or the same under a prefix, so that audit replay
 * ({@code deploy/faceid replay}) runs the very same topologies without touching a live topic. The
 * prefix is chosen around {@code build()} ({@link #building}) and given to the running stage as
 * {@value #CONFIG} (for what it writes outside the topology: dead letters and their answers).
 */
public final class TopicPrefix {

  /** Streams config: the prefix of every topic the stage reads and writes; absent for the live stages. */
  public static final String CONFIG = "faceid.topic.prefix";

  private static final ThreadLocal<String> BUILDING = ThreadLocal.withInitial(() -> "");

  private TopicPrefix() {}

  /** Runs {@code build} (topologies' {@code build()}) with every topic it names under {@code prefix}. */
  public static <T> T building(String prefix, Supplier<T> build) {
    String outer = BUILDING.get();
    BUILDING.set(prefix);
    try {
      return build.get();
    } finally {
      BUILDING.set(outer);
    }
  }

  /** {@code topic} as the topology being built names it. */
  public static <K, V> Topic<K, V> of(Topic<K, V> topic) {
    return topic.prefixed(BUILDING.get());
  }

  /** The prefix configured for a running stage, or "" (live). */
  public static String configured(java.util.Map<String, ?> configs) {
    Object prefix = configs.get(CONFIG);
    return prefix == null ? "" : prefix.toString();
  }
}
