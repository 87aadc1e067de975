package org.faceid.streams.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How long the service's records stay on disk, so that uploads cannot fill it. Compacted topics
 * (api keys, tokens) keep their latest value per key and are not bounded here. Media topics (uploads
 * and decoded media, dead letters) are bounded by time and by bytes per partition, whichever comes
 * first; the other event topics (analyses, results) by time. Audit replay reads what is retained.
 *
 * @param media how long uploads and decoded media are kept ({@code FACEID_MEDIA_RETENTION_MS})
 * @param mediaBytesPerPartition the most bytes a media topic partition keeps
 *     ({@code FACEID_MEDIA_RETENTION_BYTES})
 * @param events how long analyses and results are kept ({@code FACEID_EVENT_RETENTION_MS})
 */
public record TopicRetention(Duration media, long mediaBytesPerPartition, Duration events) {

  /** One day of media up to 2 GiB a partition; a week of the small events. */
  public static final TopicRetention DEFAULT = new TopicRetention(Duration.ofDays(1), 2L << 30, Duration.ofDays(7));

  public static TopicRetention fromEnv(Map<String, String> env) {
    return new TopicRetention(
        Duration.ofMillis(Long.parseLong(env.getOrDefault("FACEID_MEDIA_RETENTION_MS",
            Long.toString(DEFAULT.media().toMillis())))),
        Long.parseLong(env.getOrDefault("FACEID_MEDIA_RETENTION_BYTES", Long.toString(DEFAULT.mediaBytesPerPartition()))),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("FACEID_EVENT_RETENTION_MS",
            Long.toString(DEFAULT.events().toMillis())))));
  }

  /** The retention configs of {@code topic}: none for a compacted one. */
  public Map<String, String> configsFor(Topic<?, ?> topic) {
    Map<String, String> configs = new HashMap<>();
    if (TopicConfig.CLEANUP_POLICY_COMPACT.equals(topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG))) {
      return configs;
    }
    if (topic.configs().containsKey(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) { // a media topic
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(media.toMillis()));
      configs.put(TopicConfig.RETENTION_BYTES_CONFIG, Long.toString(mediaBytesPerPartition));
      // Segments roll at least hourly so that expired media can actually be deleted.
      configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Math.min(media.toMillis(), Duration.ofHours(1).toMillis())));
    } else {
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(events.toMillis()));
    }
    return configs;
  }
}
