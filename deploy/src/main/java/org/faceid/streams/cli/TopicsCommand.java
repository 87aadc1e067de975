package org.faceid.streams.cli;

import java.util.concurrent.Callable;
import org.faceid.streams.local.FaceIdService;
import org.faceid.streams.local.LocalConfig;
import picocli.CommandLine.Command;

@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Creates the missing topics on the Kafka cluster FACEID_BOOTSTRAP_SERVERS and exits (a deployment's init job).")
final class TopicsCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    LocalConfig config = LocalConfig.fromEnv(System.getenv());
    FaceIdService.ensureTopics(config.requireCluster("topic creation"), config);
    return 0;
  }
}
