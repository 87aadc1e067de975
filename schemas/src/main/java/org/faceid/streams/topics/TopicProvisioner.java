package org.faceid.streams.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the service's topics that do not exist yet, and sets the retention of every topic (new or
 * existing, so that an upgrade bounds the disk too); other configs of existing topics are left as
 * they are. Every topic gets the partition count the existing ones share ({@link #sharedPartitionCount}).
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  /**
   * @param partitions partition count of every topic on a cluster that has none of them yet:
   *     token-keyed topics must be co-partitioned with {@link Topics#TOKENS}, so they all share one count
   * @return the topics that were created
   * @throws IllegalStateException when the existing topics do not share one partition count
   */
  public static List<String> ensure(Admin admin, int partitions, short replicationFactor, TopicRetention retention)
      throws ExecutionException, InterruptedException {
    return ensure(admin, "", partitions, replicationFactor, retention);
  }

  /** As {@link #ensure(Admin, int, short, TopicRetention)}, for every topic under {@code prefix} (audit replay). */
  public static List<String> ensure(Admin admin, String prefix, int partitions, short replicationFactor,
      TopicRetention retention) throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<String> ours = Topics.ALL.stream().map(t -> t.prefixed(prefix).name()).filter(existing::contains).toList();
    Map<String, Integer> counts = new TreeMap<>();
    admin.describeTopics(ours).allTopicNames().get().forEach((name, d) -> counts.put(name, d.partitions().size()));
    int shared = sharedPartitionCount(counts, partitions);
    List<NewTopic> missing = new ArrayList<>();
    Map<ConfigResource, Collection<AlterConfigOp>> retained = new HashMap<>();
    for (Topic<?, ?> registered : Topics.ALL) {
      Topic<?, ?> topic = registered.prefixed(prefix);
      Map<String, String> bounds = retention.configsFor(topic);
      if (!existing.contains(topic.name())) {
        Map<String, String> configs = new HashMap<>(topic.configs());
        configs.putAll(bounds);
        missing.add(new NewTopic(topic.name(), shared, replicationFactor).configs(configs));
      } else if (!bounds.isEmpty()) {
        retained.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), bounds.entrySet().stream()
            .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
            .toList());
      }
    }
    if (!retained.isEmpty()) {
      admin.incrementalAlterConfigs(retained).all().get();
    }
    try {
      admin.createTopics(missing).all().get();
    } catch (ExecutionException e) {
      // Another instance created them first: that is the state we want.
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    if (!missing.isEmpty() && shared != partitions) {
      log.warn("created {} topics with the {} partitions the existing ones have, not the {} configured"
          + " (FACEID_PARTITIONS or the cores): token-keyed topics must be co-partitioned", missing.size(), shared, partitions);
    }
    return missing.stream().map(NewTopic::name).toList();
  }

  /**
   * The partition count every topic must have: the one the existing topics share, else
   * {@code configured}. The count a first start chose follows that machine's cores; a later start
   * on more cores, or a version that adds a topic, must not create a topic with another count, or
   * requests would reach gate and join tasks that never see their tokens or their other half.
   *
   * @param existing partition count by topic, for the service's topics that exist
   * @throws IllegalStateException when they do not share one count (a topic altered by hand)
   */
  static int sharedPartitionCount(Map<String, Integer> existing, int configured) {
    Map<Integer, List<String>> byCount = new TreeMap<>();
    existing.forEach((name, count) -> byCount.computeIfAbsent(count, c -> new ArrayList<>()).add(name));
    if (byCount.size() > 1) {
      throw new IllegalStateException("the service's topics must share one partition count (token-keyed topics are"
          + " co-partitioned with faceid.tokens), but they have " + byCount
          + ": give them one count (kafka-topics --alter --partitions)");
    }
    return byCount.isEmpty() ? configured : byCount.keySet().iterator().next();
  }

  /** True when every topic of the service exists. */
  public static boolean allExist(Admin admin) throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    return Topics.ALL.stream().allMatch(t -> existing.contains(t.name()));
  }
}
