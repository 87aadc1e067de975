package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.local.ApiClient.form;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.faceid.streams.local.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping and starting the service on the same data directory keeps api keys and tokens, and
 * leaves nothing behind that a stage would replay: the audio bomb sent before the stop is answered
 * once, and video requests after the start are answered normally.
 */
class RestartIT {

  @Test
  void keysAndTokensSurviveARestart(@TempDir Path dataDir) throws Exception {
    LocalConfig config = LocalConfig.fromEnv(Map.of("FACEID_DATA_DIR", dataDir.toString(), "FACEID_HTTP_PORT", "0"))
        .withApiKey("durable-key", "durable-secret");
    String token;
    String number;
    try (FaceIdService first = FaceIdService.start(config, TestProcessorsConfig.get(), Clock.systemUTC())) {
      first.awaitHealthy(Duration.ofMinutes(2));
      awaitKey(first, "durable-key");
      Response issued = new ApiClient(first.httpPort()).post("get_random_number", form().credentials("durable-key", "durable-secret"));
      assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
      token = issued.body().get("token_random_number").asText();
      number = issued.body().get("random_number").asText();
      ApiClient api = new ApiClient(first.httpPort());
      Response bomb = api.post("validate_still", form().credentials("durable-key", "durable-secret")
          .file("video", Media.audioBomb()));
      assertThat(bomb.error()).as(bomb.toString()).isEqualTo("VIDEO_UNSUPPORTED_FORMAT");
      assertThat(api.post("validate_still", form().credentials("durable-key", "durable-secret")
          .file("video", Media.silentTwoSecondClip())).status()).as("the next video").isEqualTo(200);
    }

    // Started again without FACEID_API_KEY: the key must come from the topic, not from the config.
    try (FaceIdService second = FaceIdService.start(config.withApiKey(null, null), TestProcessorsConfig.get(), Clock.systemUTC())) {
      second.awaitHealthy(Duration.ofMinutes(2));
      ApiClient api = new ApiClient(second.httpPort());
      Response r = api.post("validate_video", form().credentials("durable-key", "durable-secret")
          .field("token_random_number", token).file("video", Media.garbage(4096)));
      assertThat(r.error()).as("the token is still known after the restart: " + r).isEqualTo("VIDEO_UNSUPPORTED_FORMAT");
      assertThat(api.post("validate_video", form().credentials("durable-key", "durable-secret")
          .field("token_random_number", token.substring(1) + "x").file("video", Media.garbage(4096))).error())
          .isEqualTo("INVALID_TOKEN");
      assertThat(number).matches("\\d{4}");
      Response still = api.post("validate_still", form().credentials("durable-key", "durable-secret")
          .file("video", Media.silentTwoSecondClip()));
      assertThat(still.status()).as("a video after the restart: " + still).isEqualTo(200);
    }
  }

  private static void awaitKey(FaceIdService service, String apiKey) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!service.gateway().knowsKey(apiKey) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }
}
