package org.faceid.streams.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the service's topics that do not exist yet, and sets the retention of every topic (new or
 * existing, so that an upgrade bounds the disk too); other configs of existing topics are left as
 * they are.
 */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /**
   * @param partitions partition count of every topic: token-keyed topics must be co-partitioned
   *     with {@link Topics#TOKENS}, so they all share one count
   * @return the topics that were created
   */
  public static List<String> ensure(Admin admin, int partitions, short replicationFactor, TopicRetention retention)
      throws ExecutionException, InterruptedException {
    return ensure(admin, "", partitions, replicationFactor, retention);
  }

  /** As {@link #ensure(Admin, int, short, TopicRetention)}, for every topic under {@code prefix} (audit replay). */
  public static List<String> ensure(Admin admin, String prefix, int partitions, short replicationFactor,
      TopicRetention retention) throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing = new ArrayList<>();
    Map<ConfigResource, Collection<AlterConfigOp>> retained = new HashMap<>();
    for (Topic<?, ?> registered : Topics.ALL) {
      Topic<?, ?> topic = registered.prefixed(prefix);
      Map<String, String> bounds = retention.configsFor(topic);
      if (!existing.contains(topic.name())) {
        Map<String, String> configs = new HashMap<>(topic.configs());
        configs.putAll(bounds);
        missing.add(new NewTopic(topic.name(), partitions, replicationFactor).configs(configs));
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
    return missing.stream().map(NewTopic::name).toList();
  }

  /** True when every topic of the service exists. */
  public static boolean allExist(Admin admin) throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    return Topics.ALL.stream().allMatch(t -> existing.contains(t.name()));
  }
}
