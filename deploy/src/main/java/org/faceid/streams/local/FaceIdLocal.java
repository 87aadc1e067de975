package org.faceid.streams.local;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.faceid.streams.gateway.auth.ApiKeys;

/** {@code deploy/run-local.sh}: the whole service on an embedded single-node Kafka, in this JVM. */
public final class FaceIdLocal {

  private FaceIdLocal() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    LocalConfig config = LocalConfig.fromEnv(System.getenv());
    String generatedSecret = null;
    if (config.apiKey() == null || config.apiSecret() == null) {
      generatedSecret = ApiKeys.randomHex(24);
      config = config.withApiKey("key-" + ApiKeys.randomHex(8), generatedSecret);
    }
    FaceIdService service = FaceIdService.start(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("faceid-streams: stopping");
      service.close();
      stopped.countDown();
    }, "shutdown"));
    service.awaitHealthy(Duration.ofMinutes(3));
    long ms = (System.nanoTime() - started) / 1_000_000;
    String url = "http://" + config.httpHost() + ":" + service.httpPort();
    System.out.printf("faceid-streams: ready in %d ms on %s/faceid/lite/raw/ (health: %s/healthz)%n", ms, url, url);
    System.out.printf("faceid-streams: kafka at %s, data in %s%n", service.bootstrapServers(), config.dataDir().toAbsolutePath());
    if (generatedSecret != null) {
      // Shown once: only its salted hash is stored.
      System.out.printf("faceid-streams: generated api_key=%s api_secret=%s%n", config.apiKey(), generatedSecret);
    } else {
      System.out.printf("faceid-streams: api_key=%s (from FACEID_API_KEY)%n", config.apiKey());
    }
    stopped.await();
  }
}
