package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.faceid.streams.cli.batch.BatchCommand;
import org.faceid.streams.processors.decode.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/faceid batch} against the service on the embedded broker: real cases from
 * {@code $FACEID_TESTDATA}, one line per case, a missing file as an {@code error} line, a run cut
 * short mid-line resumed to each id exactly once, and a summary that matches the lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  FaceIdService service;
  Map<String, String> env;

  @BeforeAll
  void startService(@TempDir Path dataDir) throws Exception {
    service = FaceIdService.start(LocalConfig.fromEnv(Map.of("FACEID_DATA_DIR", dataDir.toString(), "FACEID_HTTP_PORT", "0")),
        TestProcessorsConfig.get(), Clock.systemUTC());
    service.awaitHealthy(Duration.ofMinutes(2));
    // The tools find the service through the address it wrote into its data dir.
    env = Map.of("FACEID_DATA_DIR", dataDir.toString());
  }

  @AfterAll
  void stopService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void runsEachCaseOnceResumesAfterACutAndSummarisesTheAnswers(@TempDir Path work) throws Exception {
    Path media = work.resolve("media");
    Files.createDirectories(media);
    Files.write(media.resolve("still.mp4"), Media.stillClip());
    Files.write(media.resolve("still-ref.jpg"), Media.laterFrameOfStillClip());
    Files.write(media.resolve("reading.mp4"), Media.reading("4072", 3.3));
    Files.write(media.resolve("reader.jpg"), Media.readerPhoto());
    Files.writeString(media.resolve("not-an-image.jpg"), "plain text");
    String faces = TestData.path(Media.RICK_FRONT).toAbsolutePath().getParent().getParent().toString();
    Path manifest = work.resolve("cases.csv");
    Files.writeString(manifest, String.join("\n",
        "id,biz_no,flow,front,side,video,digits,ref1,ref2,video_strict,multi_oriented_detection",
        "rick,b-rick,selfie," + faces + "/rick/rick1.jpg," + faces + "/rick/rick2.jpg,,," + faces + "/rick/rick3.jpg,"
            + faces + "/daryl/daryl3.jpg,,",
        "daryl,b-daryl,selfie," + faces + "/daryl/daryl3.jpg," + faces + "/daryl/daryl1.jpg,,," + faces
            + "/rick/rick3.jpg,,,1",
        "missing,b-missing,selfie,media/no-such-photo.jpg," + faces + "/rick/rick2.jpg,,," + faces + "/rick/rick3.jpg,,,",
        "still,\"b-still, quoted\",still,,,media/still.mp4,,media/still-ref.jpg,,,",
        "reading,b-reading,video,,,media/reading.mp4,4072,media/reader.jpg,,,",
        "bad-ref,b-bad-ref,selfie," + faces + "/rick/rick1.jpg," + faces + "/rick/rick2.jpg,,,media/not-an-image.jpg,,,",
        "") + "\n");
    Path out = work.resolve("out.jsonl");
    ApiClient api = new ApiClient(service.httpPort());
    PrometheusText beforeFirst = PrometheusText.scrape(api);

    CliRun first = CliRun.run(BatchCommand::new, env, "--manifest", manifest.toString(), "--out", out.toString(),
        "--concurrency", "3");
    assertThat(first.exitCode()).as(first.console()).isZero();
    List<String> lines = Files.readAllLines(out);
    Map<String, JsonNode> byId = byId(lines);
    assertThat(lines).hasSize(6);
    assertThat(byId.keySet()).containsExactlyInAnyOrder("rick", "daryl", "missing", "still", "reading", "bad-ref");

    JsonNode rick = byId.get("rick");
    assertThat(rick.get("biz_no").asText()).isEqualTo("b-rick");
    assertThat(rick.at("/validate/validate_front_face/token_front_face").asText()).hasSize(43);
    assertThat(rick.at("/validate/validate_side_face/biz_no").asText()).isEqualTo("b-rick");
    assertThat(rick.at("/verify/liveness/procedure_validation").asText()).as(rick.toString()).isEqualTo("PASSED");
    assertThat(rick.at("/verify/result_ref1/confidence").asDouble()).as(rick.toString())
        .isGreaterThan(rick.at("/verify/result_ref1/thresholds/1e-4").asDouble());
    assertThat(rick.at("/verify/result_ref2/confidence").asDouble()).as(rick.toString())
        .isLessThan(rick.at("/verify/result_ref2/thresholds/1e-3").asDouble());
    assertThat(rick.at("/verify/request_id").asText()).matches("\\d{10},[0-9a-f-]{36}");

    JsonNode daryl = byId.get("daryl");
    assertThat(daryl.at("/verify/result_ref1/confidence").asDouble()).as(daryl.toString())
        .isLessThan(daryl.at("/verify/result_ref1/thresholds/1e-3").asDouble());

    JsonNode missing = byId.get("missing");
    assertThat(missing.get("error").asText()).startsWith("FILE_UNREADABLE: front: media/no-such-photo.jpg");
    assertThat(missing.has("validate")).isFalse();

    JsonNode still = byId.get("still");
    assertThat(still.get("biz_no").asText()).isEqualTo("b-still, quoted");
    assertThat(still.at("/validate/validate_still/token_still").asText()).as(still.toString()).hasSize(43);
    assertThat(still.at("/verify/liveness/procedure_validation").asText()).as(still.toString()).isEqualTo("PASSED");

    // The digits asserted over Kafka are the ones the clip reads: the speech check hears them.
    JsonNode reading = byId.get("reading");
    assertThat(reading.at("/validate/validate_video/token_video").asText()).as(reading.toString()).hasSize(43);
    assertThat(reading.at("/verify/liveness/procedure_validation").asText()).as(reading.toString())
        .isIn("PASSED", "VIDEO_NOT_SYNCHRONIZED");

    assertThat(byId.get("bad-ref").at("/verify/error_message").asText()).isEqualTo("IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref1");

    assertSummaryMatches(first.console(), byId.values());
    assertThat(first.console()).contains("6 cases in", "0 already in", "6 to run", "progress: 6/6 cases");
    // The service's /metrics counted this run's cases as the summary did (the command writes each case's
    // outcome to Kafka; the service reads them): the same counts by verdict and by error code.
    PrometheusText afterFirst = PrometheusText.awaitIncrease(api, beforeFirst, CASES, 6);
    assertThat(countedCases(beforeFirst, afterFirst, "verdict")).isEqualTo(summaryCounts(first.console(), "verdicts"));
    assertThat(countedCases(beforeFirst, afterFirst, "error")).isEqualTo(codes(summaryCounts(first.console(), "errors")));

    // A run killed while writing its third line: two whole lines and half of the third are on disk.
    String third = lines.get(2);
    Files.writeString(out, lines.get(0) + "\n" + lines.get(1) + "\n" + third.substring(0, third.length() / 2));
    CliRun resumed = CliRun.run(BatchCommand::new, env, "--manifest", manifest.toString(), "--out", out.toString());
    assertThat(resumed.exitCode()).as(resumed.console()).isZero();
    assertThat(resumed.console()).contains("2 already in", "4 to run");
    List<String> after = Files.readAllLines(out);
    assertThat(after).hasSize(6);
    assertThat(after.subList(0, 2)).as("finished cases are never run again").isEqualTo(lines.subList(0, 2));
    assertThat(byId(after).keySet()).containsExactlyInAnyOrder("rick", "daryl", "missing", "still", "reading", "bad-ref");
    assertSummaryMatches(resumed.console(), byId(after).values());
    // The resumed run counted its own four cases: those of the last four lines.
    PrometheusText afterResumed = PrometheusText.awaitIncrease(api, afterFirst, CASES, 4);
    Map<String, Integer> rerun = new TreeMap<>();
    for (String line : after.subList(2, 6)) {
      JsonNode node = JSON.readTree(line);
      String verdict = node.at("/verify/liveness/procedure_validation").asText();
      rerun.merge(verdict.isEmpty() ? "error" : "verdict", 1, Integer::sum);
    }
    assertThat(Map.of("verdict", (int) afterResumed.increaseSince(afterFirst, CASES, Map.of("result", "verdict")),
        "error", (int) afterResumed.increaseSince(afterFirst, CASES, Map.of("result", "error"))))
        .isEqualTo(Map.of("verdict", rerun.getOrDefault("verdict", 0), "error", rerun.getOrDefault("error", 0)));

    // Nothing left to run: no service needed, the same summary.
    CliRun done = CliRun.run(BatchCommand::new, Map.of(), "--manifest", manifest.toString(), "--out", out.toString());
    assertThat(done.console()).contains("6 already in", "0 to run");
    assertThat(Files.readAllLines(out)).isEqualTo(after);
  }

  @Test
  void theAssertedNumberHasNoHttpEndpoint() throws Exception {
    ApiClient api = new ApiClient(service.httpPort());
    ApiClient.Response r = api.post("assert_random_number", ApiClient.form().field("random_number", "1234"));
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.error()).isEqualTo("API_NOT_FOUND");
  }

  @Test
  void aFileLargerThanAnyCallTakesIsAnsweredTooLargeWithoutBeingReadWhole(@TempDir Path work) throws Exception {
    // 3 GB (sparse): read whole, it could not even fit an array; a batch reads one byte past the largest limit.
    try (RandomAccessFile huge = new RandomAccessFile(work.resolve("huge.mp4").toFile(), "rw")) {
      huge.setLength(3L << 30);
    }
    Path manifest = work.resolve("cases.csv");
    Files.writeString(manifest, "id,flow,video\nhuge,still,huge.mp4\n");
    Path out = work.resolve("out.jsonl");
    CliRun run = CliRun.run(BatchCommand::new, env, "--manifest", manifest.toString(), "--out", out.toString());
    assertThat(run.exitCode()).as(run.console()).isZero();
    JsonNode line = JSON.readTree(Files.readAllLines(out).getFirst());
    assertThat(line.at("/validate/validate_still/error_message").asText()).as(line.toString())
        .isEqualTo("Request Entity Too Large");
  }

  @Test
  void aManifestWithARepeatedIdIsRefusedBeforeAnythingRuns(@TempDir Path work) throws Exception {
    Path manifest = work.resolve("cases.jsonl");
    Files.writeString(manifest, "{\"id\":\"a\",\"flow\":\"selfie\"}\n{\"id\":\"a\",\"flow\":\"still\"}\n");
    CliRun run = CliRun.run(BatchCommand::new, env, "--manifest", manifest.toString(), "--out", work.resolve("o").toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.console()).contains("id 'a' appears twice");
    assertThat(work.resolve("o")).doesNotExist();
  }

  private static final String CASES = "faceid_batch_cases_total";

  /** The increase of the batch counter by code, for one result (verdict or error), as the summary lists counts. */
  private static Map<String, Integer> countedCases(PrometheusText before, PrometheusText after, String result) {
    Map<String, Integer> counts = new TreeMap<>();
    for (PrometheusText.Sample sample : after.matching(CASES, Map.of("result", result))) {
      int grown = (int) after.increaseSince(before, CASES, sample.labels());
      if (grown > 0) {
        counts.put(sample.labels().get("code"), grown);
      }
    }
    return counts;
  }

  /** The summary's error counts by code: an error_message up to its colon, as /metrics keeps it. */
  private static Map<String, Integer> codes(Map<String, Integer> byErrorMessage) {
    Map<String, Integer> counts = new TreeMap<>();
    byErrorMessage.forEach((message, n) -> counts.merge(message.split(":")[0], n, Integer::sum));
    return counts;
  }

  private static Map<String, JsonNode> byId(List<String> lines) throws Exception {
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      assertThat(byId.put(node.get("id").asText(), node)).as("id %s twice", node.get("id")).isNull();
    }
    return byId;
  }

  /** The summary's counts are those of the lines: verdicts from verify, errors from the first failed step. */
  private static void assertSummaryMatches(String console, Iterable<JsonNode> lines) {
    Map<String, Integer> verdicts = new TreeMap<>();
    Map<String, Integer> errors = new TreeMap<>();
    for (JsonNode line : lines) {
      if (line.has("error")) {
        errors.merge("FILE_UNREADABLE", 1, Integer::sum);
        continue;
      }
      List<JsonNode> answers = new ArrayList<>();
      line.get("validate").elements().forEachRemaining(answers::add);
      if (line.has("verify")) {
        answers.add(line.get("verify"));
      }
      JsonNode failed = answers.stream().filter(a -> a.has("error_message")).findFirst().orElse(null);
      if (failed != null) {
        errors.merge(failed.get("error_message").asText(), 1, Integer::sum);
      } else {
        verdicts.merge(line.at("/verify/liveness/procedure_validation").asText(), 1, Integer::sum);
      }
    }
    assertThat(summaryCounts(console, "verdicts")).isEqualTo(verdicts);
    assertThat(summaryCounts(console, "errors")).isEqualTo(errors);
  }

  private static Map<String, Integer> summaryCounts(String console, String what) {
    Matcher m = Pattern.compile("summary: " + what + ": (.*)").matcher(console);
    assertThat(m.find()).as(console).isTrue();
    Map<String, Integer> counts = new TreeMap<>();
    if (!m.group(1).equals("none")) {
      for (String pair : m.group(1).split(", ")) {
        int eq = pair.lastIndexOf('=');
        counts.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1).trim()));
      }
    }
    return counts;
  }
}
