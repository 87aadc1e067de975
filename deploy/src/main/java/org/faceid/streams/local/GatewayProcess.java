package org.faceid.streams.local;

import java.time.Clock;
import java.time.Duration;
import org.faceid.streams.gateway.GatewayServer;
import org.faceid.streams.gateway.auth.ApiKeys;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.tokens.TokenSeal;

/**
 * {@code deploy/faceid gateway}: the HTTP gateway alone, on a Kafka cluster whose stages run in other
 * processes. Its health answers 200 once it has read the api keys: it cannot see the stages, whose
 * processes are watched on their own.
 */
public final class GatewayProcess {

  private GatewayProcess() {}

  public static void run(LocalConfig config, Clock clock) throws Exception {
    String servers = config.requireCluster("the gateway");
    FaceIdService.ensureTopics(servers, config);
    GatewayMetrics metrics = GatewayMetrics.standalone();
    TokenSeal tokenSeal = TokenKeyFile.ofPart(config.dataDir(), System.getenv());
    System.out.println(TokenKeyFile.describe(tokenSeal, "the token stage judges every token"));
    GatewayServer gateway = GatewayServer.start(config.gatewayConfig(servers, clock, tokenSeal), () -> true, metrics);
    // The operator tools' counts, on this gateway's /metrics as on the one-JVM service's.
    OperatorMetrics operatorMetrics = new OperatorMetrics(metrics.registry(), KafkaClientSettings.base(servers, config.kafkaClient()));
    UntilStopped running = new UntilStopped("the gateway", () -> {
      operatorMetrics.close();
      gateway.close();
    });
    if (config.apiKey() != null && config.apiSecret() != null) {
      FaceIdService.putApiKey(servers, config.kafkaClient(), ApiKeys.create(config.apiKey(), config.apiSecret(),
          FaceIdService.ALL_PERMISSIONS, FaceIdService.DEFAULT_CONCURRENCY, clock));
      FaceIdService.awaitCondition(() -> gateway.knowsKey(config.apiKey()), Duration.ofSeconds(60), "the api key");
    }
    FaceIdService.awaitCondition(gateway::keysLoaded, Duration.ofMinutes(3), "the api keys");
    System.out.printf("faceid-streams: gateway ready on %s:%d, kafka at %s%n", config.httpHost(), gateway.port(), servers);
    running.await();
  }
}
