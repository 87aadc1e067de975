package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.faceid.streams.local.ApiClient.form;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.faceid.streams.processors.TestProcessorsConfig;
import org.faceid.streams.gateway.GatewayLimits;
import org.faceid.streams.gateway.auth.Authenticator;
import org.faceid.streams.local.ApiClient.Response;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.VideoFixtures;
import org.faceid.streams.processors.signals.RevoicedSpeech;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.faceid.streams.processors.speech.PocketSphinxRecognizer;
import org.faceid.streams.processors.speech.SpeechRecognizer;
import org.faceid.streams.processors.speech.SpokenDigits;
import org.faceid.streams.processors.speech.Verification;
import org.faceid.streams.processors.tokens.TokenTopology;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.tokens.TokenSeal;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API driven over real HTTP against a running service on a real broker. Subclasses choose the
 * broker: the embedded KRaft node (always) or a Testcontainers one (where Docker runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServiceScenarios {

  static final String KEY = "scenario-key";
  static final String SECRET = "scenario-secret-1234567890";
  static final Duration RESULT_TIMEOUT = Duration.ofSeconds(8);
  /** Short, so a stalled upload is cut off within the test. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
  /** The default bursts, refilled slowly enough that no attempt comes back during a test. */
  static final Authenticator.Policy LOGINS = new Authenticator.Policy(20, Duration.ofMinutes(10), 10, Duration.ofMinutes(10), 1, 16);

  final MutableClock clock = new MutableClock();
  FaceIdService service;
  ApiClient api;

  /** The cluster to run on, or null for the embedded broker. */
  abstract String bootstrapServers();

  @BeforeAll
  void startService(@TempDir Path dataDir) throws Exception {
    LocalConfig config = LocalConfig.fromEnv(Map.of("FACEID_DATA_DIR", dataDir.toString(), "FACEID_HTTP_PORT", "0"))
        .withBootstrapServers(bootstrapServers())
        .withResultTimeout(RESULT_TIMEOUT)
        .withLimits(GatewayLimits.DEFAULT.withUploadTime(IDLE_TIMEOUT, GatewayLimits.DEFAULT.pace()).withLogin(LOGINS));
    service = FaceIdService.start(config, TestProcessorsConfig.get(), clock);
    service.awaitHealthy(Duration.ofMinutes(2));
    service.createApiKey(KEY, SECRET, FaceIdService.ALL_PERMISSIONS, 16);
    api = new ApiClient(service.httpPort());
  }

  @AfterAll
  void stopService() {
    if (service != null) {
      service.close();
    }
  }

  ApiClient.Form signed() {
    return form().credentials(KEY, SECRET);
  }

  String randomNumberToken() throws Exception {
    Response r = api.post("get_random_number", signed());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body().get("token_random_number").asText();
  }

  static void assertError(Response r, int status, String message) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.error()).as(r.toString()).isEqualTo(message);
    assertEnvelope(r);
  }

  static void assertEnvelope(Response r) {
    assertThat(r.body().get("request_id").asText()).matches("\\d{10},[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(r.body().get("time_used").isIntegralNumber()).as(r.toString()).isTrue();
  }

  // ---- get_random_number, envelope, health, routing ----

  @Test
  void getRandomNumberIssuesFourDigitsAndAToken() throws Exception {
    Response r = api.post("get_random_number", signed().field("biz_no", "biz-42"));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertEnvelope(r);
    assertThat(r.body().get("random_number").asText()).matches("\\d{4}");
    assertThat(r.body().get("token_random_number").asText()).hasSize(43);
    assertThat(r.body().get("biz_no").asText()).isEqualTo("biz-42");
    assertThat(r.body().has("error_message")).isFalse();
  }

  @Test
  void servesTheCapturePageAndTheApiDescription() throws Exception {
    var page = api.fetch("/h5/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script type=\"module\" src=\"h5.js\">");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
    var description = api.fetch("/openapi.yaml");
    assertThat(description.statusCode()).isEqualTo(200);
    assertThat(description.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
    assertThat(description.body()).startsWith("openapi: 3.1.0").contains("/faceid/lite/raw/verify:");
  }

  @Test
  void textOnlyCallsAlsoAcceptUrlEncodedForms() throws Exception {
    Response r = api.send(api.request("/faceid/lite/raw/get_random_number")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("api_key=" + KEY + "&api_secret=" + SECRET + "&biz_no=url%20form"))
        .build());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.body().get("biz_no").asText()).isEqualTo("url form");
    assertError(api.send(api.request("/faceid/lite/raw/get_random_number?api_secret=" + SECRET)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("api_key=" + KEY)).build()),
        400, "MISSING_ARGUMENTS: api_secret");
    assertError(api.send(api.request("/faceid/lite/raw/get_random_number")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()),
        400, "MISSING_ARGUMENTS: api_key");
  }

  /** Uploads cannot fill the disk: media and event topics are created with a retention. */
  @Test
  void topicsAreCreatedWithTheirRetention() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers()))) {
      Config video = describe(admin, Topics.VIDEO_SUBMITTED.name());
      assertThat(video.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(Long.toString(Duration.ofDays(1).toMillis()));
      assertThat(video.get(TopicConfig.RETENTION_BYTES_CONFIG).value()).isEqualTo(Long.toString(2L << 30));
      assertThat(describe(admin, Topics.RESULTS.name()).get(TopicConfig.RETENTION_MS_CONFIG).value())
          .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
      assertThat(describe(admin, Topics.TOKENS.name()).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    }
  }

  private static Config describe(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }

  @Test
  void healthIsUpOnceStreamsRun() throws Exception {
    assertThat(api.send(api.request("/healthz").GET().build()).status()).isEqualTo(200);
  }

  @Test
  void anyOtherPathOrMethodIsApiNotFound() throws Exception {
    assertError(api.post("get_random_numbers", signed()), 404, "API_NOT_FOUND");
    assertError(api.send(api.request("/faceid/lite/raw/verify").GET().build()), 404, "API_NOT_FOUND");
    assertError(api.send(api.request("/faceid/v1/other").POST(HttpRequest.BodyPublishers.noBody()).build()),
        404, "API_NOT_FOUND");
  }

  // ---- authentication, permissions, arguments ----

  @Test
  void missingCredentialsAreMissingArguments() throws Exception {
    assertError(api.post("get_random_number", form()), 400, "MISSING_ARGUMENTS: api_key");
    assertError(api.post("get_random_number", form().field("api_key", KEY).field("biz_no", "b1")), 400, "MISSING_ARGUMENTS: api_secret");
  }

  @Test
  void wrongSecretOrUnknownKeyIsAuthenticationError() throws Exception {
    assertError(api.post("get_random_number", form().credentials(KEY, "wrong")), 403, "AUTHENTICATION_ERROR");
    assertError(api.post("get_random_number", form().credentials("nobody", SECRET)), 403, "AUTHENTICATION_ERROR");
  }

  @Test
  void permissionsArePerKeyAndPerComparisonType() throws Exception {
    service.createApiKey("selfie-only", SECRET, List.of(Permission.SELFIE, Permission.COMPARISON_TYPE_0), 4);
    ApiClient.Form selfieOnly = form().credentials("selfie-only", SECRET);

    assertError(api.post("get_random_number", selfieOnly), 403, "AUTHORIZATION_ERROR:Denied");
    assertError(api.post("validate_still", form().credentials("selfie-only", SECRET).file("video", new byte[10])),
        403, "AUTHORIZATION_ERROR:Denied");
    assertError(api.post("verify", form().credentials("selfie-only", SECRET).field("token", "t").field("comparison_type", "1")
        .field("idcard_name", "n").field("idcard_number", "11010519491231002X")), 403, "AUTHORIZATION_ERROR:Denied");
  }

  @Test
  void badAndMissingArgumentsNameTheKey() throws Exception {
    assertError(api.post("validate_video", signed().field("token_random_number", "x")), 400, "MISSING_ARGUMENTS: video");
    assertError(api.post("validate_video", signed().file("video", new byte[10])), 400, "MISSING_ARGUMENTS: token_random_number");
    assertError(api.post("validate_video", signed().field("token_random_number", "x").field("return_image", "2")
        .file("video", new byte[10])), 400, "BAD_ARGUMENTS:return_image");
    assertError(api.post("validate_still", signed().field("liveness_preference", "strict").file("video", new byte[10])),
        400, "BAD_ARGUMENTS:liveness_preference");
    assertError(api.post("validate_still", signed().field("eye_close_detection", "yes").file("video", new byte[10])),
        400, "BAD_ARGUMENTS:eye_close_detection");
    assertError(api.post("validate_front_face", signed()), 400, "MISSING_ARGUMENTS: selfie");
    assertError(api.post("validate_side_face", signed().file("selfie", new byte[10])), 400, "MISSING_ARGUMENTS: token_front_face");
    assertError(api.post("verify", signed().field("comparison_type", "0")), 400, "MISSING_ARGUMENTS: token");
    assertError(api.post("verify", signed().field("token", "t").field("comparison_type", "2")), 400, "BAD_ARGUMENTS:comparison_type");
    assertError(api.post("verify", signed().field("token", "t").field("comparison_type", "0").field("uuid", "u")),
        400, "MISSING_ARGUMENTS: image_ref1");
    assertError(api.post("verify", signed().field("token", "t").field("comparison_type", "0").field("uuid", "u".repeat(513))
        .file("image_ref1", new byte[10])), 400, "BAD_ARGUMENTS:uuid");
    assertError(api.post("verify", signed().field("token", "t").field("comparison_type", "0").field("uuid", "u")
        .field("liveness_preferences", "fast").file("image_ref1", new byte[10])), 400, "BAD_ARGUMENTS:liveness_preferences");
    assertError(api.post("verify", signed().field("token", "t").field("comparison_type", "1").field("idcard_name", "张三")
        .field("idcard_number", "1234")), 400, "INVALID_IDCARD_NUMBER");
    assertError(api.post("verify", signed().field("token", "t").field("comparison_type", "1").field("idcard_name", "n".repeat(33))
        .field("idcard_number", "11010519491231002x")), 400, "INVALID_NAME_FORMAT");
  }

  @Test
  void bizNoIsEchoedOnFailuresAndBoundedTo128() throws Exception {
    Response failed = api.post("validate_front_face", signed().field("biz_no", "flow-7"));
    assertError(failed, 400, "MISSING_ARGUMENTS: selfie");
    assertThat(failed.body().get("biz_no").asText()).isEqualTo("flow-7");

    Response denied = api.post("get_random_number", form().field("biz_no", "flow-8").credentials(KEY, "bad"));
    assertError(denied, 403, "AUTHENTICATION_ERROR");
    assertThat(denied.body().get("biz_no").asText()).isEqualTo("flow-8");

    assertError(api.post("get_random_number", signed().field("biz_no", "b".repeat(129))), 400, "BAD_ARGUMENTS:biz_no");
  }

  // ---- tokens ----

  @Test
  void onlyATokenIssuedToTheCallingKeyGetsThrough() throws Exception {
    byte[] video = Media.garbage(2048);
    assertError(api.post("validate_video", signed().field("token_random_number", "A".repeat(43)).file("video", video)),
        400, "INVALID_TOKEN");
    assertError(api.post("validate_video", signed().field("token_random_number", "not a token").file("video", video)),
        400, "INVALID_TOKEN");
    assertError(api.post("validate_video", signed().field("token_random_number", "T".repeat(5000)).file("video", video)),
        400, "INVALID_TOKEN");

    String token = randomNumberToken();
    service.createApiKey("other-key", SECRET, FaceIdService.ALL_PERMISSIONS, 4);
    Response foreign = api.post("validate_video", form().credentials("other-key", SECRET).field("biz_no", "b-foreign")
        .field("token_random_number", token).file("video", video));
    assertError(foreign, 400, "INVALID_TOKEN");
    assertThat(foreign.body().get("biz_no").asText()).isEqualTo("b-foreign");

    // The same token, by its own key, gets past the gate to the decoder.
    assertError(api.post("validate_video", signed().field("token_random_number", token).file("video", video)),
        400, "VIDEO_UNSUPPORTED_FORMAT");
  }

  @Test
  void aRequestThatOvertakesItsTokenWaitsForIt() throws Exception {
    byte[] video = Media.garbage(1024);
    // Warm the path through the gate, so the next request overtakes its token.
    assertError(api.post("validate_video", signed().field("token_random_number", randomNumberToken()).file("video", video)),
        400, "VIDEO_UNSUPPORTED_FORMAT");
    // Sealed under the service's token key, as the token stage would issue it, but not yet written.
    String late = service.tokenSeal().issue(KEY);
    CompletableFuture<Response> early = CompletableFuture.supplyAsync(() -> {
      try {
        return api.post("validate_video", signed().field("token_random_number", late).file("video", video));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // The request reaches the gate first (a 1 KB upload); its token is written a moment later.
    Thread.sleep(300);
    plantToken(late, TokenKind.RANDOM_NUMBER, KEY);
    assertError(early.get(30, TimeUnit.SECONDS), 400, "VIDEO_UNSUPPORTED_FORMAT");

    long start = System.nanoTime();
    assertError(api.post("validate_video", signed().field("token_random_number", service.tokenSeal().issue(KEY)).file("video", video)),
        400, "INVALID_TOKEN");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("an unknown token is refused once the gate stops waiting for it")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void aTokenTheServiceNeverSealedIsRefusedByTheGatewayWithoutWaiting() throws Exception {
    // Well formed, but not sealed under the token key for this api_key: the gateway answers it and
    // publishes nothing, so the token gate never holds it (an unknown sealed token waits ~2 s, above).
    for (String forged : List.of("U".repeat(43), TokenSeal.ofThisProcess().issue(KEY))) {
      long start = System.nanoTime();
      assertError(api.post("validate_video", signed().field("token_random_number", forged).file("video", Media.garbage(100_000))),
          400, "INVALID_TOKEN");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as(forged).isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  void tokensExpireAfter24Hours() throws Exception {
    String token = randomNumberToken();
    byte[] video = Media.garbage(1024);
    clock.advance(Duration.ofHours(24).minusMinutes(1));
    assertError(api.post("validate_video", signed().field("token_random_number", token).file("video", video)),
        400, "VIDEO_UNSUPPORTED_FORMAT");
    clock.advance(Duration.ofMinutes(2));
    assertError(api.post("validate_video", signed().field("token_random_number", token).file("video", video)),
        400, "INVALID_TOKEN");
  }

  // ---- real media ----

  @Test
  void validateVideoDecodesTheUploadForReal() throws Exception {
    String token = randomNumberToken();
    assertError(api.post("validate_video", signed().field("token_random_number", token).file("video", Media.truncated(Media.hdtfClip()))),
        400, "VIDEO_UNSUPPORTED_FORMAT");
    assertError(api.post("validate_video", signed().field("token_random_number", token).file("video", Media.hdtfClip())),
        400, "VIDEO_INVALID_DURATION");
    assertError(api.post("validate_video", signed().field("token_random_number", token).file("video", Media.twoSecondClip())),
        400, "VIDEO_INVALID_DURATION");
    assertError(api.post("validate_video", signed().field("token_random_number", token).file("video", Media.silentClip())),
        400, "VIDEO_NO_AUDIO");
  }

  @Test
  void validateStillChecksItsOwnDurationAndNotAudio() throws Exception {
    assertError(api.post("validate_still", signed().file("video", Media.garbage(4096))), 400, "VIDEO_UNSUPPORTED_FORMAT");
    assertError(api.post("validate_still", signed().file("video", Media.hdtfClip())), 400, "VIDEO_INVALID_DURATION");
    Response silent = api.post("validate_still", signed().file("video", Media.silentTwoSecondClip()));
    assertThat(silent.status()).as(silent.toString()).isEqualTo(200);
  }

  @Test
  void videoLivenessErrorsComeFromRealCauses() throws Exception {
    assertError(api.post("validate_video", signed().field("token_random_number", randomNumberToken())
        .file("video", Media.noFaceClip(4.0))), 400, "VIDEO_FACE_NOT_FOUND");
    assertError(api.post("validate_video", signed().field("token_random_number", randomNumberToken())
        .file("video", Media.twoFacesClip())), 400, "VIDEO_MULTIPLE_FACES");
    assertError(api.post("validate_still", signed().file("video", Media.noFaceClip(2.5))), 400, "VIDEO_FACE_NOT_FOUND");
    Response tagged = api.post("validate_still", signed().field("return_multifaces_tag", "1").file("video", Media.twoFacesClip()));
    assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
    assertThat(tagged.body().get("multifaces_tag").asInt()).isEqualTo(1);
  }

  @Test
  void videoReadAloudThenVerify() throws Exception {
    // The flow is what this test checks, not the rate of either check on a genuine reading.
    assertLiveAndSamePersonAsRef1Only(readAgainIfRefused(Set.of("VIDEO_NOT_SYNCHRONIZED", "VIDEO_SR_ERROR"),
        this::readAloudThenVerify));
  }

  /**
   * The verdict on one genuine reading is a rate (MODELS.md: the speech check hears about 95 %, lip
   * sync passes about 92 % of in-sync readings, held out), and the number is the service's random
   * draw. As in H5PageIT, a refusal in {@code refusals} is printed and the flow run again with a fresh
   * number, at most twice more; any other answer, or the third refusal, is returned.
   */
  private static Response readAgainIfRefused(Set<String> refusals, Callable<Response> flow) throws Exception {
    Response verify = flow.call();
    for (int retry = 0; retry < 2 && refusals.contains(verify.body().path("liveness").path("procedure_validation").asText());
        retry++) {
      System.out.println("genuine reading refused, read again with a fresh number: " + verify);
      verify = flow.call();
    }
    return verify;
  }

  private Response readAloudThenVerify() throws Exception {
    Response issued = api.post("get_random_number", signed().field("biz_no", "video-1"));
    String digits = issued.body().get("random_number").asText();
    Response video = api.post("validate_video", signed().field("biz_no", "video-1").field("return_image", "1")
        .field("token_random_number", issued.body().get("token_random_number").asText())
        .file("video", Media.reading(digits, 3.3)));
    assertThat(video.status()).as(video.toString()).isEqualTo(200);
    assertEnvelope(video);
    assertThat(video.body().get("biz_no").asText()).isEqualTo("video-1");
    assertThat(video.body().get("image_best").asText()).startsWith("data:image/jpeg;base64,/9j/");
    assertThat(video.body().get("token_video").asText()).hasSize(43);

    return api.post("verify", verifyForm(video.body().get("token_video").asText()).field("biz_no", "video-1")
        .file("image_ref1", Media.readerPhoto()).file("image_ref2", Media.photo(Media.RICK_FRONT)));
  }

  /**
   * Issue 9: a real speaker reads the issued number and the old rule (a free transcription equal to
   * the issued digits) misheard it; verifying the issued number accepts it. Which readings the old
   * rule mishears, and which the service's own engine accepts, is found by running both here,
   * in-process, on the very audio the clip carries. The issued number is random: about one take in
   * four qualifies (one in eleven where only PocketSphinx is installed), so 40 numbers of 5 takes
   * leave no real chance of finding none.
   */
  @Test
  void aReadingTheOldTranscriptionMisheardIsHeard() throws Exception {
    try (PocketSphinxRecognizer sphinx = new PocketSphinxRecognizer();
        SpeechRecognizer serviceEngine = TestProcessorsConfig.get().speechRecognizer()) {
      for (int attempt = 0; attempt < 40; attempt++) {
        Response issued = api.post("get_random_number", signed());
        String digits = issued.body().get("random_number").asText();
        for (int take = 0; take < SpokenDigits.TAKES; take++) {
          byte[] clip = RevoicedSpeech.retimedClip(TestData.bytes(Media.READER), digits, "jackson", take, 3.3);
          short[] heardAudio = VideoFixtures.audio16k(clip);
          String oldTranscription = sphinx.recognize(heardAudio, digits.length()).digits();
          if (oldTranscription.equals(digits) || !acceptedAsIssued(serviceEngine.verify(heardAudio, digits), digits)) {
            continue; // the old rule got this one right, or neither rule hears it
          }
          Response video = api.post("validate_video", signed()
              .field("token_random_number", issued.body().get("token_random_number").asText()).file("video", clip));
          assertThat(video.status()).as(video.toString()).isEqualTo(200);
          Response verify = api.post("verify", verifyForm(video.body().get("token_video").asText())
              .file("image_ref1", Media.readerPhoto()));
          // The speech verdict comes first (seed 002's order): anything after it means the digits
          // were heard. Lip sync then passes about 92% of such re-timed genuine readings (MODELS.md),
          // and the issued number is random, so its verdict is reported, not asserted here.
          String verdict = verify.body().get("liveness").get("procedure_validation").asText();
          System.out.printf("jackson take %d reading %s, old transcription %s, %s: %s%n", take, digits,
              oldTranscription, serviceEngine.name(), verdict);
          assertThat(verdict).as(verify.toString()).isIn("PASSED", "VIDEO_NOT_SYNCHRONIZED");
          return;
        }
      }
    }
    throw new AssertionError("no issued number in 40 was misheard by the old rule and accepted by the new one");
  }

  /** The issued-number rule of the service's verdict (VideoLiveness.issuedNumberSpoken), on in-process scores. */
  private static boolean acceptedAsIssued(Verification verified, String digits) {
    if (verified.transcriptSupport() != null) {
      return IssuedNumberThresholds.transcriptSupported(verified.transcriptSupport(), verified.transcriptOverNeighbours(), false);
    }
    if (verified.support() == null) {
      return digits.equals(verified.heard());
    }
    return verified.speechInDigits() != null && IssuedNumberThresholds.supported(verified.support(), verified.speechInDigits(), false);
  }

  /** A browser's recording: WebM whose header states no duration (Chromium's MediaRecorder). */
  @Test
  void aLiveWrittenWebmWithoutADurationIsAccepted() throws Exception {
    Response issued = api.post("get_random_number", signed());
    Response video = api.post("validate_video", signed()
        .field("token_random_number", issued.body().get("token_random_number").asText())
        .file("video", Media.browserRecording(issued.body().get("random_number").asText())));
    assertThat(video.status()).as(video.toString()).isEqualTo(200);
    assertThat(video.body().get("token_video").asText()).hasSize(43);
  }

  @Test
  void verifyReportsWrongDigitsAndLateSoundWithoutComparing() throws Exception {
    Response issued = api.post("get_random_number", signed());
    String digits = issued.body().get("random_number").asText();
    StringBuilder other = new StringBuilder();
    for (char d : digits.toCharArray()) {
      other.append((char) ('0' + (d - '0' + 5) % 10));
    }
    Response wrong = api.post("validate_video", signed().field("token_random_number", issued.body().get("token_random_number").asText())
        .file("video", Media.reading(other.toString(), 3.3)));
    assertThat(wrong.status()).as("the vendor reports the procedure at verify: " + wrong).isEqualTo(200);
    Response srError = api.post("verify", verifyForm(wrong.body().get("token_video").asText()).file("image_ref1", Media.readerPhoto()));
    assertThat(srError.body().get("liveness").get("procedure_validation").asText()).as(srError.toString()).isEqualTo("VIDEO_SR_ERROR");
    assertThat(srError.body().get("liveness").has("face_genuineness")).isFalse();
    assertThat(srError.body().has("result_ref1")).isFalse();

    // A late reading the speech check did not hear (VIDEO_SR_ERROR) says nothing about lip sync.
    Response unsynced = readAgainIfRefused(Set.of("VIDEO_SR_ERROR"), this::lateReadingThenVerify);
    assertThat(unsynced.body().get("liveness").get("procedure_validation").asText()).as(unsynced.toString())
        .isEqualTo("VIDEO_NOT_SYNCHRONIZED");
    assertThat(unsynced.body().has("result_ref1")).isFalse();
  }

  /** A freshly issued number read right with its sound one second late, then verify. */
  private Response lateReadingThenVerify() throws Exception {
    Response issued = api.post("get_random_number", signed());
    Response late = api.post("validate_video", signed().field("token_random_number", issued.body().get("token_random_number").asText())
        .file("video", Media.lateReading(issued.body().get("random_number").asText())));
    assertThat(late.status()).as(late.toString()).isEqualTo(200);
    return api.post("verify", verifyForm(late.body().get("token_video").asText()).file("image_ref1", Media.readerPhoto()));
  }

  @Test
  void stillThenVerifyWithRealFaces() throws Exception {
    Response still = api.post("validate_still", signed().field("biz_no", "still-1").field("return_image", "2")
        .file("video", Media.stillClip()));
    assertThat(still.status()).as(still.toString()).isEqualTo(200);
    assertEnvelope(still);
    assertThat(still.body().get("image_best").asText()).startsWith("data:image/jpeg;base64,/9j/");
    assertThat(still.body().get("image_best_2").asText()).startsWith("data:image/jpeg;base64,/9j/");
    assertThat(still.body().has("multifaces_tag")).isFalse();

    Response verify = api.post("verify", verifyForm(still.body().get("token_still").asText())
        .file("image_ref1", Media.laterFrameOfStillClip()).file("image_ref2", Media.photo(Media.RICK_FRONT)));

    assertLiveAndSamePersonAsRef1Only(verify);
  }

  /** PASSED and PASSED; image_ref1 the same person past the 1e-5 threshold, image_ref2 another below 1e-3. */
  static void assertLiveAndSamePersonAsRef1Only(Response verify) {
    assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
    assertThat(verify.body().get("liveness").get("procedure_validation").asText()).as(verify.toString()).isEqualTo("PASSED");
    assertThat(verify.body().get("liveness").get("face_genuineness").asText()).isEqualTo("PASSED");
    var same = verify.body().get("result_ref1");
    var other = verify.body().get("result_ref2");
    assertThat(same.get("confidence").asDouble()).isGreaterThan(same.get("thresholds").get("1e-5").asDouble());
    assertThat(other.get("confidence").asDouble()).isLessThan(other.get("thresholds").get("1e-3").asDouble());
  }

  @Test
  void selfiesAreDecodedForReal() throws Exception {
    assertError(api.post("validate_front_face", signed().field("biz_no", "s1").file("selfie", Media.garbage(5000))),
        400, "IMAGE_ERROR_UNSUPPORTED_FORMAT");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.truncated(Media.facePhoto()))),
        400, "IMAGE_ERROR_UNSUPPORTED_FORMAT");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.oversizedImage())), 400, "INVALID_IMAGE_SIZE");
  }

  @Test
  void verifyJoinsItsTokenAndDecodesEachReference() throws Exception {
    String sideFace = plantToken(TokenKind.SIDE_FACE, KEY);
    ApiClient.Form base = signed().field("token", sideFace).field("comparison_type", "0").field("uuid", "user-1");

    assertError(api.post("verify", signed().field("token", "B".repeat(43)).field("comparison_type", "0").field("uuid", "u")
        .file("image_ref1", Media.facePhoto())), 400, "INVALID_TOKEN");
    assertError(api.post("verify", signed().field("token", plantToken(TokenKind.FRONT_FACE, KEY)).field("comparison_type", "0")
        .field("uuid", "u").file("image_ref1", Media.facePhoto())), 400, "INVALID_TOKEN");
    assertError(api.post("verify", base.file("image_ref1", Media.facePhoto()).file("image_ref2", Media.garbage(300))),
        400, "IMAGE_ERROR_UNSUPPORTED_FORMAT:image_ref2");
    assertError(api.post("verify", signed().field("token", sideFace).field("comparison_type", "0").field("uuid", "user-1")
        .file("image_ref1", Media.oversizedImage())), 400, "INVALID_IMAGE_SIZE:image_ref1");
  }

  // ---- selfie flows on the face engine ----

  String frontFaceToken(byte[] selfie) throws Exception {
    Response r = api.post("validate_front_face", signed().file("selfie", selfie));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body().get("token_front_face").asText();
  }

  String sideFaceToken(byte[] front, byte[] side) throws Exception {
    Response r = api.post("validate_side_face", signed().field("token_front_face", frontFaceToken(front)).file("selfie", side));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body().get("token_side_face").asText();
  }

  ApiClient.Form verifyForm(String token) {
    return signed().field("token", token).field("comparison_type", "0").field("uuid", "user-1");
  }

  @Test
  void frontSideAndVerifyWithRealFaces() throws Exception {
    Response front = api.post("validate_front_face", signed().field("biz_no", "flow-7").file("selfie", Media.photo(Media.RICK_FRONT)));
    assertEnvelope(front);
    assertThat(front.status()).as(front.toString()).isEqualTo(200);
    assertThat(front.body().get("biz_no").asText()).isEqualTo("flow-7");
    Response side = api.post("validate_side_face", signed().field("biz_no", "flow-7")
        .field("token_front_face", front.body().get("token_front_face").asText()).file("selfie", Media.photo(Media.RICK_SIDE)));
    assertThat(side.status()).as(side.toString()).isEqualTo(200);

    Response verify = api.post("verify", verifyForm(side.body().get("token_side_face").asText()).field("biz_no", "flow-7")
        .file("image_ref1", Media.photo(Media.RICK_OTHER)).file("image_ref2", Media.photo(Media.DARYL)));

    assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
    assertEnvelope(verify);
    assertThat(verify.body().get("liveness").get("procedure_validation").asText()).isEqualTo("PASSED");
    assertThat(verify.body().get("liveness").get("face_genuineness").asText()).isEqualTo("PASSED");
    var same = verify.body().get("result_ref1");
    var other = verify.body().get("result_ref2");
    assertThat(same.get("confidence").asDouble()).isGreaterThan(same.get("thresholds").get("1e-3").asDouble());
    assertThat(other.get("confidence").asDouble()).isLessThan(other.get("thresholds").get("1e-3").asDouble());
    assertThat(same.get("thresholds").get("1e-6").asDouble()).isGreaterThan(same.get("thresholds").get("1e-5").asDouble());
    assertThat(verify.body().has("result_ref3")).isFalse();
    assertThat(verify.body().has("result_faceid")).isFalse();
    assertThat(verify.body().get("biz_no").asText()).isEqualTo("flow-7");
  }

  @Test
  void eachSelfieErrorComesFromARealCause() throws Exception {
    assertError(api.post("validate_front_face", signed().file("selfie", Media.twoPeople())), 400, "MULTIPLE_FACES");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.noFace())), 400, "NO_FACE_FOUND");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.blurred())), 400, "FACE_BLURRED");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.darkened())), 400, "FACE_POOR_LIGHT");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.inCorner())), 400, "FACE_NOT_PROPER_POSITION");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.upsideDown())), 400, "FACE_NOT_FRONT");
    assertError(api.post("validate_front_face", signed().file("selfie", Media.photo(Media.RICK_SIDE))), 400, "FACE_NOT_FRONT");

    String front = frontFaceToken(Media.photo(Media.RICK_FRONT));
    assertError(api.post("validate_side_face", signed().field("token_front_face", front).file("selfie", Media.photo(Media.RICK_FRONT))),
        400, "FACE_NOT_SIDE");
    assertError(api.post("validate_side_face", signed().field("token_front_face", front).file("selfie", Media.noFace())),
        400, "NO_FACE_FOUND");
    assertError(api.post("validate_side_face", signed().field("token_front_face", randomNumberToken())
        .file("selfie", Media.photo(Media.RICK_SIDE))), 400, "INVALID_TOKEN");
    assertError(api.post("verify", verifyForm(front).file("image_ref1", Media.photo(Media.RICK_OTHER))), 400, "INVALID_TOKEN");
  }

  @Test
  void verifyJudgesTheProcedureBeforeAnyComparison() throws Exception {
    String png = sideFaceToken(Media.asPng(Media.RICK_FRONT), Media.photo(Media.RICK_SIDE));
    Response checked = api.post("verify", verifyForm(png).file("image_ref1", Media.photo(Media.RICK_OTHER)));
    assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
    assertThat(checked.body().get("liveness").get("procedure_validation").asText()).isEqualTo("SELFIE_METADATA_INCONSISTENT");
    assertThat(checked.body().get("liveness").has("face_genuineness")).isFalse();
    assertThat(checked.body().has("result_ref1")).isFalse();

    // That verify completed and spent its token: the same two selfies again, for another token.
    String pngAgain = sideFaceToken(Media.asPng(Media.RICK_FRONT), Media.photo(Media.RICK_SIDE));
    Response unchecked = api.post("verify", verifyForm(pngAgain).field("liveness_preferences", "selfie_no_metadata_check")
        .file("image_ref1", Media.photo(Media.RICK_OTHER)));
    assertThat(unchecked.body().get("liveness").get("procedure_validation").asText()).isEqualTo("PASSED");
    assertThat(unchecked.body().has("result_ref1")).isTrue();

    String mixed = sideFaceToken(Media.photo(Media.RICK_FRONT), Media.photo(Media.DARYL_SIDE));
    Response inconsistent = api.post("verify", verifyForm(mixed).file("image_ref1", Media.photo(Media.RICK_OTHER)));
    assertThat(inconsistent.body().get("liveness").get("procedure_validation").asText()).isEqualTo("SELFIE_INCONSISTENT");
    assertThat(inconsistent.body().has("result_ref1")).isFalse();
  }

  @Test
  void referencePhotosAreJudgedOneByOne() throws Exception {
    String token = sideFaceToken(Media.photo(Media.RICK_FRONT), Media.photo(Media.RICK_SIDE));
    assertError(api.post("verify", verifyForm(token).file("image_ref1", Media.photo(Media.RICK_OTHER)).file("image_ref2", Media.noFace())),
        400, "NO_FACE_FOUND:image_ref2");
    assertError(api.post("verify", verifyForm(token).file("image_ref1", Media.twoPeople())), 400, "MULTIPLE_FACES:image_ref1");
    assertError(api.post("verify", verifyForm(token).file("image_ref1", Media.turnedReference())), 400, "NO_FACE_FOUND:image_ref1");
    Response turned = api.post("verify", verifyForm(token).field("multi_oriented_detection", "1")
        .file("image_ref1", Media.turnedReference()));
    assertThat(turned.status()).as(turned.toString()).isEqualTo(200);
    assertThat(turned.body().get("result_ref1").get("confidence").asDouble())
        .isGreaterThan(turned.body().get("result_ref1").get("thresholds").get("1e-3").asDouble());

    // The completed verify spent the token; its tombstone reaches the token gate within moments.
    Response again = null;
    for (int i = 0; i < 20 && (again == null || again.status() == 200); i++) {
      Thread.sleep(250);
      again = api.post("verify", verifyForm(token).file("image_ref1", Media.photo(Media.RICK_OTHER)));
    }
    assertError(again, 400, "INVALID_TOKEN");
  }

  /** A token as a later stage would issue it: sealed under the service's token key, written to the compacted token topic. */
  String plantToken(TokenKind kind, String apiKey) throws Exception {
    return plantToken(service.tokenSeal().issue(apiKey), kind, apiKey);
  }

  String plantToken(String value, TokenKind kind, String apiKey) throws Exception {
    long now = clock.millis();
    Token token = Token.newBuilder().setToken(value).setKind(kind).setApiKey(apiKey)
        .setIssuedAtMs(now - 1000).setExpiresAtMs(now + Duration.ofHours(24).toMillis()).build();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.TOKENS.name(), value,
          Topics.TOKENS.valueSerde().serializer().serialize(Topics.TOKENS.name(), token))).get();
    }
    return value;
  }

  // ---- limits ----

  @Test
  void oversizedUploadIs413() throws Exception {
    Response r = api.post("verify", signed().file("image_ref1", new byte[2 * 1024 * 1024 + 1]));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.error()).isEqualTo("Request Entity Too Large");
  }

  @Test
  void oversizedUploadIsRefusedWhileStillStreaming() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", service.httpPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String boundary = "streamed";
      out.write(("POST /faceid/lite/raw/verify HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nTransfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image_ref1\"; filename=\"a.jpg\"\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      writeChunk(out, head);
      // 3 MB of a never-ending file: over the 2 MB limit, and far from the end of the body. The rest
      // is scanned unbuffered for a biz_no until the body limit or the idle timeout.
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 48; i++) {
        writeChunk(out, chunk);
      }
      String status = new String(readSome(socket.getInputStream()), StandardCharsets.US_ASCII);
      assertThat(status).startsWith("HTTP/1.1 413");
      assertThat(status).contains("Request Entity Too Large");
    }
  }

  private static void writeChunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static byte[] readSome(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    int n = in.read(buffer);
    return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, n);
  }

  @Test
  void concurrentRequestsPastTheKeysLimitAreRefused() throws Exception {
    service.createApiKey("one-at-a-time", SECRET, FaceIdService.ALL_PERMISSIONS, 1);
    ApiClient.Form signedOnce = form().credentials("one-at-a-time", SECRET);
    try (Socket slow = new Socket("127.0.0.1", service.httpPort())) {
      // A request that has authenticated and is still uploading its video holds the key's only slot.
      OutputStream out = slow.getOutputStream();
      out.write(("POST /faceid/lite/raw/validate_still HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      writeChunk(out, ("--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\none-at-a-time\r\n"
          + "--b\r\nContent-Disposition: form-data; name=\"api_secret\"\r\n\r\n" + SECRET + "\r\n"
          + "--b\r\nContent-Disposition: form-data; name=\"video\"; filename=\"v.mp4\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      writeChunk(out, new byte[1024]);

      long admitted = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (service.gateway().inFlight("one-at-a-time") == 0 && System.nanoTime() < admitted) {
        Thread.sleep(20);
      }
      assertThat(service.gateway().inFlight("one-at-a-time")).as("the slow upload was admitted").isEqualTo(1);

      Response refused = api.post("get_random_number", form().credentials("one-at-a-time", SECRET));
      assertError(refused, 403, "CONCURRENCY_LIMIT_EXCEEDED");
    }
    // The slot is released when the first request ends (its connection closed).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Response after;
    do {
      after = api.post("get_random_number", signedOnce);
    } while (after.status() != 200 && System.nanoTime() < deadline);
    assertThat(after.status()).as(after.toString()).isEqualTo(200);
  }

  @Test
  void aResultThatDoesNotComeInTimeIsInternalError() throws Exception {
    service.pipeline().pause(TokenTopology.STAGE);
    try {
      Response r = api.post("get_random_number", signed().field("biz_no", "slow"));
      assertError(r, 500, "INTERNAL_ERROR");
      assertThat(r.body().get("time_used").asLong()).isGreaterThanOrEqualTo(RESULT_TIMEOUT.toMillis());
      assertThat(r.body().get("biz_no").asText()).isEqualTo("slow");
    } finally {
      service.pipeline().resume(TokenTopology.STAGE);
    }
    assertThat(api.post("get_random_number", signed()).status()).isEqualTo(200);
  }

  // ---- issue 11: metrics ----

  @Test
  void metricsCountAnswersByCallAndErrorAndTimeEachStage() throws Exception {
    PrometheusText before = scrape();
    for (int i = 0; i < 2; i++) {
      assertThat(api.post("get_random_number", signed()).status()).isEqualTo(200);
    }
    assertError(api.post("get_random_number", form().field("api_key", KEY)), 400, "MISSING_ARGUMENTS: api_secret");
    Response front = api.post("validate_front_face", signed().file("selfie", Media.photo(Media.RICK_FRONT)));
    assertThat(front.status()).as(front.toString()).isEqualTo(200);
    PrometheusText after = scrape();

    Map<String, String> randomOk = Map.of("endpoint", "get_random_number", "error_message", "none");
    assertThat(increase(before, after, "faceid_requests_total", randomOk)).isEqualTo(2);
    // The code only: the argument after the colon is the caller's to choose.
    assertThat(increase(before, after, "faceid_requests_total",
        Map.of("endpoint", "get_random_number", "error_message", "MISSING_ARGUMENTS"))).isEqualTo(1);
    assertThat(after.matching("faceid_requests_total", Map.of("error_message", "MISSING_ARGUMENTS: api_secret"))).isEmpty();
    assertThat(increase(before, after, "faceid_requests_total",
        Map.of("endpoint", "validate_front_face", "error_message", "none"))).isEqualTo(1);

    // Histograms: a count, a sum and cumulative buckets, per call and per stage.
    Map<String, String> frontCall = Map.of("endpoint", "validate_front_face");
    assertThat(increase(before, after, "faceid_request_latency_seconds_count", frontCall)).isEqualTo(1);
    assertThat(increase(before, after, "faceid_request_latency_seconds_sum", frontCall))
        .isEqualTo(front.body().get("time_used").asLong() / 1000.0, within(0.05));
    assertHistogram(after, "faceid_request_latency_seconds", frontCall);
    Map<String, String> selfieStage = Map.of("stage", "selfie");
    assertThat(increase(before, after, "faceid_stage_work_seconds_count", selfieStage)).isEqualTo(1);
    assertThat(increase(before, after, "faceid_stage_wait_seconds_count", selfieStage)).isEqualTo(1);
    assertHistogram(after, "faceid_stage_work_seconds", selfieStage);

    // Kafka's own metrics, read in on a refresh: each stage's consumer lag, the gateway's clients.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Map<String, String> selfieApp = Map.of("component", "selfie");
    PrometheusText kafka = after;
    while (kafka.matching("kafka_consumer_fetch_manager_records_lag_max", selfieApp).isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.SECONDS.sleep(1);
      kafka = scrape();
    }
    assertThat(kafka.matching("kafka_consumer_fetch_manager_records_lag_max", selfieApp)).isNotEmpty();
    assertThat(kafka.sum("kafka_producer_record_send_total", Map.of("component", "gateway"))).isGreaterThanOrEqualTo(3);
    assertThat(kafka.sum("faceid_batch_cases_total", Map.of("result", "verdict"))).isZero();
    assertThat(kafka.matching("faceid_replay_requests_total", Map.of("changed", "true"))).hasSize(1);
  }

  PrometheusText scrape() throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(api.request("/metrics").GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return PrometheusText.parse(response.body());
  }

  static double increase(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  /** Buckets that only grow with their bound, up to +Inf holding every observation. */
  static void assertHistogram(PrometheusText page, String name, Map<String, String> labels) {
    List<PrometheusText.Sample> buckets = page.matching(name + "_bucket", labels);
    assertThat(buckets).as(name).hasSizeGreaterThan(5);
    double previous = 0;
    for (PrometheusText.Sample bucket : buckets) {
      assertThat(bucket.value()).as(bucket.toString()).isGreaterThanOrEqualTo(previous);
      previous = bucket.value();
    }
    assertThat(buckets.getLast().labels().get("le")).isEqualTo("+Inf");
    assertThat(buckets.getLast().value()).isEqualTo(page.sum(name + "_count", labels));
  }

  // ---- issue 10: budgets, failed logins, contract details ----

  @Test
  void bizNoSentAfterTheCredentialsIsEchoedByAnEarly403() throws Exception {
    Response denied = api.post("validate_still", form().credentials(KEY, "wrong-secret")
        .file("video", new byte[512 * 1024]).field("biz_no", "after-credentials"));
    assertError(denied, 403, "AUTHENTICATION_ERROR");
    assertThat(denied.body().path("biz_no").asText(null)).as(denied.toString()).isEqualTo("after-credentials");
  }

  @Test
  void bizNoSentAfterAnOversizedFileIsEchoedBy413() throws Exception {
    Response r = api.post("verify", signed().file("image_ref1", new byte[2 * 1024 * 1024 + 1]).field("biz_no", "after-413"));
    assertError(r, 413, "Request Entity Too Large");
    assertThat(r.body().path("biz_no").asText(null)).as(r.toString()).isEqualTo("after-413");
  }

  @Test
  void aVideoSentAsAnUrlEncodedFieldIsABadArgument() throws Exception {
    String signedBody = "api_key=" + KEY + "&api_secret=" + SECRET;
    assertError(api.send(api.request("/faceid/lite/raw/validate_still")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(signedBody + "&video=AAAA&biz_no=url-video")).build()),
        400, "BAD_ARGUMENTS:video");
    assertError(api.send(api.request("/faceid/lite/raw/validate_video")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(signedBody + "&token_random_number=" + "A".repeat(43) + "&video=")).build()),
        400, "BAD_ARGUMENTS:video");
  }

  @Test
  void anEmptyReturnImageIsABadArgument() throws Exception {
    assertError(api.post("validate_still", signed().field("return_image", "").file("video", new byte[10])),
        400, "BAD_ARGUMENTS:return_image");
    assertError(api.post("validate_video", signed().field("token_random_number", "").file("video", new byte[10])),
        400, "BAD_ARGUMENTS:token_random_number");
  }

  @Test
  void aSelfieOverTwoMegabytesIsAcceptedUpToTen() throws Exception {
    // An original phone photo's size: past the gateway, the decoder judges the bytes (not an image here).
    assertError(api.post("validate_front_face", signed().file("selfie", Media.garbage(6 * 1024 * 1024))),
        400, "IMAGE_ERROR_UNSUPPORTED_FORMAT");
    assertError(api.post("validate_front_face", signed().file("selfie", new byte[10 * 1024 * 1024 + 1])),
        413, "Request Entity Too Large");
  }

  @Test
  void repeatedFailedLoginsPerKeyAreRefusedWithoutHashingWhileAKnownCallerStaysServed() throws Exception {
    assertThat(api.post("get_random_number", signed()).status()).as("KEY's secret is verified once").isEqualTo(200);
    service.createApiKey("guessed-key", SECRET, FaceIdService.ALL_PERMISSIONS, 4);
    ApiClient guesser = new ApiClient(service.httpPort(), InetAddress.getByName("127.0.0.21"));
    for (int i = 0; i < 10; i++) {
      assertError(guesser.post("get_random_number", form().credentials("guessed-key", "guess-" + i)), 403, "AUTHENTICATION_ERROR");
    }
    assertError(guesser.post("get_random_number", form().credentials("guessed-key", "guess-10")), 403, "CONCURRENCY_LIMIT_EXCEEDED");
    ApiClient elsewhere = new ApiClient(service.httpPort(), InetAddress.getByName("127.0.0.22"));
    assertError(elsewhere.post("get_random_number", form().credentials("guessed-key", SECRET)), 403, "CONCURRENCY_LIMIT_EXCEEDED");

    Response known = guesser.post("get_random_number", signed().field("biz_no", "still-served"));
    assertThat(known.status()).as("a secret verified before costs no hash and is never throttled: " + known).isEqualTo(200);
  }

  @Test
  void repeatedFailedLoginsPerAddressAreRefused() throws Exception {
    ApiClient flood = new ApiClient(service.httpPort(), InetAddress.getByName("127.0.0.23"));
    for (int i = 0; i < 20; i++) {
      assertError(flood.post("get_random_number", form().credentials("nobody-" + i, SECRET)), 403, "AUTHENTICATION_ERROR");
    }
    Response refused = flood.post("get_random_number", form().credentials("nobody-20", SECRET).field("biz_no", "flood"));
    assertError(refused, 403, "CONCURRENCY_LIMIT_EXCEEDED");
    assertThat(refused.body().path("biz_no").asText(null)).isEqualTo("flood");
    assertError(new ApiClient(service.httpPort(), InetAddress.getByName("127.0.0.24"))
        .post("get_random_number", form().credentials("nobody-21", SECRET)), 403, "AUTHENTICATION_ERROR");
  }

  @Test
  void anUploadStaysChargedToTheBudgetUntilItIsAnswered() throws Exception {
    byte[] video = Media.garbage(1024 * 1024);
    service.pipeline().pause(TokenTopology.STAGE);
    CompletableFuture<Response> pending;
    try {
      pending = CompletableFuture.supplyAsync(() -> {
        try {
          // A token sealed for this key, so the gateway publishes it and the gate must judge it.
          return api.post("validate_video", signed().field("token_random_number", service.tokenSeal().issue(KEY)).file("video", video));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // Read and published within milliseconds; its copies live on in the pipeline until it is answered.
      Thread.sleep(1000);
      assertThat(pending).as("no answer while the gate is paused").isNotDone();
      assertThat(service.gateway().uploadBudget().inUse()).as("the published video, still charged").isGreaterThanOrEqualTo(video.length);
    } finally {
      service.pipeline().resume(TokenTopology.STAGE);
    }
    assertError(pending.get(30, TimeUnit.SECONDS), 400, "INVALID_TOKEN");
    assertThat(service.gateway().uploadBudget().inUse()).as("given back before the answer is written").isZero();
  }

  @Test
  void aStalledUploadIsCutOffAndItsBytesGivenBack() throws Exception {
    try (Socket stalled = new Socket("127.0.0.1", service.httpPort())) {
      stalled.setSoTimeout((int) IDLE_TIMEOUT.multipliedBy(4).toMillis());
      OutputStream out = stalled.getOutputStream();
      out.write(("POST /faceid/lite/raw/validate_still HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      writeChunk(out, ("--b\r\nContent-Disposition: form-data; name=\"biz_no\"\r\n\r\nstalled\r\n"
          + "--b\r\nContent-Disposition: form-data; name=\"video\"; filename=\"v.mp4\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      writeChunk(out, new byte[1024 * 1024]);
      long t0 = System.nanoTime();
      String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

      assertThat(waited).as("cut off by the idle timeout").isLessThan(IDLE_TIMEOUT.multipliedBy(3).toMillis());
      assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error_message\":\"MISSING_ARGUMENTS: api_key\"")
          .contains("\"biz_no\":\"stalled\"");
    }
    assertThat(service.gateway().uploadBudget().inUse()).isZero();
  }
}
