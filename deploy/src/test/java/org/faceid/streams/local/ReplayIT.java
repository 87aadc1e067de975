package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.faceid.streams.cli.replay.ReplayCommand;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.local.ApiClient.Response;
import org.faceid.streams.processors.face.MatchThresholds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/faceid replay} over a window of real API calls made here: with unchanged models and
 * settings every answer is reproduced (request_id and time_used aside), tokens included; with a
 * stricter threshold table the selfie verify's verdict changes, and nothing else but the thresholds
 * its comparisons report. The live topics and groups are as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "replay-key";
  private static final String SECRET = "replay-secret-1234567890";

  FaceIdService service;
  ApiClient api;
  Map<String, String> env;
  Instant from;
  Instant to;
  /** request_id of each call made in the window, by what it was. */
  final Map<String, String> calls = new HashMap<>();

  @BeforeAll
  void recordAWindow(@TempDir Path dataDir) throws Exception {
    service = FaceIdService.start(LocalConfig.fromEnv(Map.of("FACEID_DATA_DIR", dataDir.toString(), "FACEID_HTTP_PORT", "0")),
        TestProcessorsConfig.get(), Clock.systemUTC());
    service.awaitHealthy(Duration.ofMinutes(2));
    service.createApiKey(KEY, SECRET, FaceIdService.ALL_PERMISSIONS, 16);
    api = new ApiClient(service.httpPort());
    // The replay loads the face models from its own environment, as the CLI does.
    env = Map.of("FACEID_BOOTSTRAP_SERVERS", service.bootstrapServers(), ProcessorsConfig.MODEL_DIR_ENV,
        TestProcessorsConfig.modelDir().toString());
    // A random-number token issued before the window: the replay must find it as it was.
    String before = post("get_random_number", form(), null).body().get("token_random_number").asText();
    Thread.sleep(20);
    from = Instant.now();

    post("get_random_number", form().field("biz_no", "n-1"), "random number");
    Response front = post("validate_front_face", form().field("biz_no", "s-1").file("selfie", Media.photo(Media.RICK_FRONT)), "front");
    Response side = post("validate_side_face", form().field("biz_no", "s-1")
        .field("token_front_face", front.body().get("token_front_face").asText()).file("selfie", Media.photo(Media.RICK_SIDE)), "side");
    String sideToken = side.body().get("token_side_face").asText();
    Response verify = post("verify", verifyForm(sideToken).field("biz_no", "s-1")
        .file("image_ref1", Media.photo(Media.RICK_OTHER)).file("image_ref2", Media.photo(Media.DARYL)), "selfie verify");
    assertThat(verify.body().at("/liveness/procedure_validation").asText()).as(verify.toString()).isEqualTo("PASSED");
    Response spent = post("verify", verifyForm(sideToken).file("image_ref1", Media.photo(Media.RICK_OTHER)), "spent verify");
    assertThat(spent.error()).isEqualTo("INVALID_TOKEN");
    post("validate_front_face", form().file("selfie", Media.noFace()), "no face");
    Response still = post("validate_still", form().field("return_image", "1").file("video", Media.stillClip()), "still");
    post("verify", verifyForm(still.body().get("token_still").asText()).file("image_ref1", Media.laterFrameOfStillClip()),
        "still verify");
    Response late = post("validate_video", form().field("token_random_number", before).file("video", Media.noFaceClip(4.0)),
        "video with the earlier token");
    assertThat(late.error()).isEqualTo("VIDEO_FACE_NOT_FOUND");

    to = Instant.now().plusMillis(1);
    Thread.sleep(20);
    // After the window: not replayed.
    post("get_random_number", form(), null);
  }

  @AfterAll
  void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void unchangedStagesReproduceEveryAnswer(@TempDir Path work) throws Exception {
    Set<String> topicsBefore = topics();
    Path out = work.resolve("replay.jsonl");
    PrometheusText before = PrometheusText.scrape(api);
    CliRun run = CliRun.run(ReplayCommand::new, env, "--from", from.toString(), "--to", to.toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.console()).isZero();
    assertCounted(before, 9, 0);

    Map<String, JsonNode> lines = lines(out);
    assertThat(lines.keySet()).containsExactlyInAnyOrderElementsOf(calls.values());
    for (JsonNode line : lines.values()) {
      assertThat(line.get("replayed").isObject()).as(line.toString()).isTrue();
      assertThat(line.get("changed").asBoolean()).as("reproduced: %s", line).isFalse();
    }
    JsonNode still = lines.get(calls.get("still"));
    assertThat(still.at("/original/image_best").asText()).as("the recorded answer's image, read again from its topic").isNotEmpty();
    assertThat(still.at("/replayed/image_best")).isEqualTo(still.at("/original/image_best"));
    JsonNode verify = lines.get(calls.get("selfie verify"));
    assertThat(verify.get("endpoint").asText()).isEqualTo("verify");
    assertThat(verify.at("/replayed/result_ref1")).isEqualTo(verify.at("/original/result_ref1"));
    assertThat(lines.get(calls.get("random number")).at("/replayed/random_number"))
        .isEqualTo(lines.get(calls.get("random number")).at("/original/random_number"));
    assertThat(run.console()).contains("9 requests in the window, 9 replayed, 0 changed, 0 unreplayable",
        "verdict changes by code (original -> replayed): none");
    assertThat(topics()).as("the replay's topics are removed, the live ones untouched").isEqualTo(topicsBefore);
  }

  @Test
  void aStricterThresholdTableChangesTheSelfieVerdictOnly(@TempDir Path work) throws Exception {
    Path table = work.resolve("strict.properties");
    Files.writeString(table, "far.1e-2=0.95\nfar.1e-3=0.96\nfar.1e-4=0.97\nfar.1e-5=0.98\nfar.1e-6=0.99\n");
    Map<String, String> strict = new HashMap<>(env);
    strict.put(MatchThresholds.FILE_ENV, table.toString());
    Path out = work.resolve("replay.jsonl");
    PrometheusText before = PrometheusText.scrape(api);
    CliRun run = CliRun.run(ReplayCommand::new, strict, "--from", from.toString(), "--to", to.toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.console()).isZero();
    assertCounted(before, 7, 2);

    Map<String, JsonNode> lines = lines(out);
    List<String> changed = new ArrayList<>();
    lines.forEach((id, line) -> {
      if (line.get("changed").asBoolean()) {
        changed.add(calls.entrySet().stream().filter(e -> e.getValue().equals(id)).findFirst().orElseThrow().getKey());
      }
    });
    // Both liveness verdicts rest on an identity-consistency bar at the 1e-2 threshold: the front and
    // side selfies, and the still clip's frames, fall below 0.95. Everything before verify is as it was.
    assertThat(changed).containsExactlyInAnyOrder("selfie verify", "still verify");
    JsonNode selfie = lines.get(calls.get("selfie verify"));
    assertThat(selfie.at("/original/liveness/procedure_validation").asText()).isEqualTo("PASSED");
    assertThat(selfie.at("/replayed/liveness/procedure_validation").asText()).isEqualTo("SELFIE_INCONSISTENT");
    assertThat(selfie.at("/replayed/result_ref1").isMissingNode()).as("no comparison after a failed procedure").isTrue();
    JsonNode still = lines.get(calls.get("still verify"));
    assertThat(still.at("/replayed/liveness/procedure_validation").asText()).isEqualTo("VIDEO_FACE_INCONSISTENT");
    assertThat(run.console()).contains("PASSED -> SELFIE_INCONSISTENT", "PASSED -> VIDEO_FACE_INCONSISTENT",
        "9 replayed, 2 changed, 0 unreplayable");
  }

  /** The service's /metrics counted the run as its summary does: replayed unchanged, changed, none unreplayable. */
  private void assertCounted(PrometheusText before, int unchanged, int changed) throws Exception {
    String replayed = "faceid_replay_requests_total";
    PrometheusText after = PrometheusText.awaitIncrease(api, before, replayed, unchanged + changed);
    assertThat(after.increaseSince(before, replayed, Map.of("changed", "false"))).isEqualTo(unchanged);
    assertThat(after.increaseSince(before, replayed, Map.of("changed", "true"))).isEqualTo(changed);
    assertThat(after.increaseSince(before, "faceid_replay_unreplayable_total", Map.of())).isZero();
    assertThat(after.matching("faceid_replay_unreplayable_total", Map.of("reason", "missing_token"))).hasSize(1);
  }

  private Response post(String call, ApiClient.Form form, String name) throws Exception {
    Response r = api.post(call, form);
    assertThat(r.body().has("request_id")).as(r.toString()).isTrue();
    if (name != null) {
      calls.put(name, r.body().get("request_id").asText());
    }
    return r;
  }

  private static ApiClient.Form form() {
    return ApiClient.form().credentials(KEY, SECRET);
  }

  private static ApiClient.Form verifyForm(String token) {
    return form().field("token", token).field("comparison_type", "0").field("uuid", "user-1");
  }

  private static Map<String, JsonNode> lines(Path out) throws Exception {
    Map<String, JsonNode> lines = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode node = JSON.readTree(line);
      lines.put(node.get("request_id").asText(), node);
    }
    return lines;
  }

  private Set<String> topics() throws Exception {
    try (Admin admin = Admin.create(KafkaClientSettings.base(service.bootstrapServers(), Map.of()))) {
      return admin.listTopics().names().get().stream().collect(Collectors.toSet());
    }
  }
}
