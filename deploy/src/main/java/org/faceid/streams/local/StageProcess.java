package org.faceid.streams.local;

import java.time.Duration;
import java.util.List;
import org.faceid.streams.processors.Pipeline;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.tokens.TokenSeal;

/**
 * {@code deploy/faceid stage NAME...}: some processor stages, on a Kafka cluster. Each stage is its own
 * Kafka Streams application, so more processes of a stage share its partitions; the state lives under
 * {@code $FACEID_DATA_DIR/streams}, which also keeps the instance's id (a restart takes its partitions back).
 */
public final class StageProcess {

  private StageProcess() {}

  public static void run(List<String> stages, LocalConfig config, ProcessorsConfig processors) throws Exception {
    String servers = config.requireCluster("a stage");
    FaceIdService.ensureTopics(servers, config);
    // Tokens sealed under the key the gateways check them by, where there is one.
    TokenSeal tokenSeal = TokenKeyFile.ofPart(config.dataDir(), System.getenv());
    if (stages.stream().anyMatch(Pipeline.TOKEN_ISSUING_STAGES::contains)) {
      System.out.println(TokenKeyFile.describe(tokenSeal, "its tokens are refused by every gateway that has a token key"));
    }
    ProcessorsConfig issuing = processors.withTokenSeal(tokenSeal);
    Pipeline pipeline = Pipeline.start(issuing, stages, servers, config.dataDir().resolve("streams"), config.kafkaClient(),
        config.resultTimeout());
    UntilStopped running = new UntilStopped("stages " + stages, pipeline);
    FaceIdService.awaitCondition(pipeline::running, Duration.ofMinutes(3), "stages " + stages + " to run");
    System.out.printf("faceid-streams: stages %s running, kafka at %s%n", stages, servers);
    running.await();
  }
}
