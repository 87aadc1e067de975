package org.faceid.streams.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the service's topics that do not exist yet; existing ones are left as they are. */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /**
   * @param partitions partition count of every topic: token-keyed topics must be co-partitioned
   *     with {@link Topics#TOKENS}, so they all share one count
   * @return the topics that were created
   */
  public static List<String> ensure(Admin admin, int partitions, short replicationFactor)
      throws ExecutionException, InterruptedException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing = new ArrayList<>();
    for (Topic<?, ?> topic : Topics.ALL) {
      if (!existing.contains(topic.name())) {
        missing.add(new NewTopic(topic.name(), partitions, replicationFactor).configs(topic.configs()));
      }
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
