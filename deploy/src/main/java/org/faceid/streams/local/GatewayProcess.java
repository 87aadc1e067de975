package org.faceid.streams.local;

import java.time.Clock;
import java.time.Duration;
import org.faceid.streams.gateway.GatewayServer;
import org.faceid.streams.gateway.auth.ApiKeys;

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
    GatewayServer gateway = GatewayServer.start(config.gatewayConfig(servers, clock), () -> true);
    UntilStopped running = new UntilStopped("the gateway", gateway);
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
