package org.faceid.streams.local;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.faceid.streams.processors.ProcessorsConfig;

/** {@code deploy/run-local.sh}: the whole service on an embedded single-node Kafka, in this JVM. */
public final class FaceIdLocal {

  private FaceIdLocal() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    LocalConfig config = LocalConfig.fromEnv(System.getenv());
    Clock clock = Clock.systemUTC();
    FaceIdService service = FaceIdService.start(config, ProcessorsConfig.fromEnv(System.getenv()), clock);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("faceid-streams: stopping");
      service.close();
      stopped.countDown();
    }, "shutdown"));
    service.awaitHealthy(Duration.ofMinutes(3));
    GeneratedApiKey.InUse generated = null;
    if (config.apiKey() == null || config.apiSecret() == null) {
      // Judged once the gateway has read every stored key, so a kept key is not stored twice.
      generated = GeneratedApiKey.ensure(config.dataDir(), service.gateway()::knowsKey, service::putApiKey, clock);
      service.awaitApiKey(generated.apiKey(), Duration.ofSeconds(30));
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    String url = "http://" + config.httpHost() + ":" + service.httpPort();
    System.out.printf("faceid-streams: ready in %d ms on %s/faceid/lite/raw/ (health: %s/healthz)%n", ms, url, url);
    System.out.printf("faceid-streams: kafka at %s, data in %s%n", service.bootstrapServers(), config.dataDir().toAbsolutePath());
    if (generated == null) {
      System.out.printf("faceid-streams: api_key=%s (from FACEID_API_KEY)%n", config.apiKey());
    } else if (generated.newSecret() != null) {
      // Shown this once: only its salted hash is stored.
      System.out.printf("faceid-streams: generated api_key=%s api_secret=%s (shown once; kept for later starts)%n",
          generated.apiKey(), generated.newSecret());
    } else {
      System.out.printf("faceid-streams: api_key=%s (generated at the first start, which showed its secret)%n",
          generated.apiKey());
    }
    stopped.await();
  }
}
