package org.faceid.streams.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.gateway.form.Bodies.concat;
import static org.faceid.streams.gateway.form.Bodies.end;
import static org.faceid.streams.gateway.form.Bodies.field;
import static org.faceid.streams.gateway.form.Bodies.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.gateway.auth.ApiKeyDirectory;
import org.faceid.streams.gateway.auth.Authenticator;
import org.faceid.streams.gateway.auth.ConcurrencyLimiter;
import org.faceid.streams.gateway.auth.TestKeys;
import org.faceid.streams.gateway.form.Bodies;
import org.faceid.streams.gateway.form.UploadBudget;
import org.faceid.streams.gateway.metrics.GatewayMetrics;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.tokens.TokenSeal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler's answers before a request is published: every refusal the gateway decides alone,
 * over real HTTP. Publishing and waiting for results need a broker: the service ITs cover them, so
 * no publisher or listener is given here, and a call that reached them would answer 500 and fail.
 */
class ApiHandlerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ApiKeyDirectory keys = new ApiKeyDirectory();
  private final ConcurrencyLimiter limiter = new ConcurrencyLimiter();
  private long uploadBudgetBytes = 64L * 1024 * 1024;
  private TokenSeal tokenSeal;
  private Authenticator authenticator;
  private Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    keys.apply("video-key", TestKeys.key("video-key", "s3cret", 2, Permission.VIDEO));
    keys.apply("selfie-key", TestKeys.key("selfie-key", "s3cret", 2, Permission.SELFIE));
    keys.apply("busy-key", TestKeys.key("busy-key", "s3cret", 0, Permission.VIDEO, Permission.SELFIE));
    ApiKey disabled = TestKeys.key("off-key", "s3cret", 2, Permission.VIDEO);
    disabled.setDisabled(true);
    keys.apply("off-key", disabled);
    keys.markCaughtUp();
    serve(keys);
  }

  private void serve(ApiKeyDirectory directory) {
    authenticator = new Authenticator(directory, new Authenticator.Policy(50, Duration.ofSeconds(1), 50, Duration.ofSeconds(1), 2, 8));
    GatewayConfig config = new GatewayConfig("127.0.0.1", 0, "unused:9092", Duration.ofSeconds(5), Clock.systemUTC())
        .withTokenSeal(tokenSeal);
    ApiHandler handler = new ApiHandler(config, "gw-test", directory, authenticator, limiter,
        new UploadBudget(uploadBudgetBytes), null, null, GatewayMetrics.standalone());
    app = Javalin.create(c -> c.showJavalinBanner = false);
    app.post(GatewayServer.BASE_PATH + "{api}", handler::handle);
    app.error(404, handler::notFound);
    app.exception(Exception.class, (e, ctx) -> handler.internalError(ctx, e));
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    authenticator.close();
  }

  private record Answer(int status, JsonNode body) {
    String error() {
      return body.path("error_message").asText(null);
    }
  }

  private Answer post(String api, byte[]... parts) throws Exception {
    return send(api, concat(concat(parts), end()));
  }

  /** A body as given, without the closing boundary {@link #post} adds. */
  private Answer send(String api, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + GatewayServer.BASE_PATH + api))
        .header("Content-Type", "multipart/form-data; boundary=" + Bodies.BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  private static byte[] credentials(String apiKey, String secret) {
    return concat(field("api_key", apiKey), field("api_secret", secret));
  }

  @Test
  void aMissingSecretIsMissingArgumentsBeforeAnythingElse() throws Exception {
    Answer a = post("validate_video", field("api_key", "video-key"), field("biz_no", "b-1"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.error()).isEqualTo("MISSING_ARGUMENTS: api_secret");
    assertThat(a.body().path("biz_no").asText()).as("biz_no is echoed on failures too").isEqualTo("b-1");
    assertThat(a.body().path("request_id").asText()).matches("\\d+,[0-9a-f-]{36}");
  }

  @Test
  void aWrongSecretAndAnUnknownKeyAreTheSameAuthenticationError() throws Exception {
    Answer wrong = post("validate_video", credentials("video-key", "guess"));
    Answer unknown = post("validate_video", credentials("nobody", "s3cret"));
    for (Answer a : List.of(wrong, unknown)) {
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.error()).isEqualTo(ApiError.AUTHENTICATION_ERROR.message());
    }
  }

  @Test
  void aKeyWithoutTheCallsPermissionOrDisabledIsDenied() throws Exception {
    Answer noPermission = post("validate_front_face", credentials("video-key", "s3cret"), file("selfie", 100));
    Answer disabled = post("validate_video", credentials("off-key", "s3cret"));
    for (Answer a : List.of(noPermission, disabled)) {
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.error()).isEqualTo("AUTHORIZATION_ERROR:Denied");
    }
  }

  @Test
  void aKeyAtItsConcurrencyLimitIsRefused() throws Exception {
    Answer a = post("validate_front_face", credentials("busy-key", "s3cret"), file("selfie", 100));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.error()).isEqualTo("CONCURRENCY_LIMIT_EXCEEDED");
  }

  @Test
  void anAdmittedCallStillHasItsArgumentsCheckedAndFreesItsSlot() throws Exception {
    Answer noVideo = post("validate_video", credentials("video-key", "s3cret"), field("token_random_number", "t"));
    assertThat(noVideo.status()).isEqualTo(400);
    assertThat(noVideo.error()).isEqualTo("MISSING_ARGUMENTS: video");

    Answer longBizNo = post("validate_video", credentials("video-key", "s3cret"), field("biz_no", "x".repeat(129)));
    assertThat(longBizNo.status()).isEqualTo(400);
    assertThat(longBizNo.error()).isEqualTo("BAD_ARGUMENTS:biz_no");
    // 128 characters, as the seeds count them: 256 UTF-16 units of emoji are still 128.
    String emoji = "\uD83D\uDE00";
    Answer widest = post("validate_video", credentials("video-key", "s3cret"), field("biz_no", emoji.repeat(128)));
    assertThat(widest.error()).isEqualTo("MISSING_ARGUMENTS: token_random_number");
    assertThat(widest.body().path("biz_no").asText()).isEqualTo(emoji.repeat(128));
    Answer oneMore = post("validate_video", credentials("video-key", "s3cret"), field("biz_no", emoji.repeat(129)));
    assertThat(oneMore.error()).isEqualTo("BAD_ARGUMENTS:biz_no");

    assertThat(limiter.inFlight("video-key")).as("a refused call gives its concurrency slot back").isZero();
  }

  @Test
  void aFileOverItsLimitIsRequestEntityTooLarge() throws Exception {
    Answer a = post("validate_front_face", file("selfie", (int) UploadLimits.SELFIE + 1));
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.error()).isEqualTo("Request Entity Too Large");
  }

  @Test
  void anUploadTheSharedBudgetHasNoRoomForIsConcurrencyLimitExceeded() throws Exception {
    stop();
    uploadBudgetBytes = 100_000;
    serve(keys);
    Answer a = post("validate_front_face", credentials("selfie-key", "s3cret"), file("selfie", 300_000));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.error()).isEqualTo("CONCURRENCY_LIMIT_EXCEEDED");
    assertThat(limiter.inFlight("selfie-key")).isZero();
  }

  @Test
  void aBodyCutOffInsideAFileIsMissingThatArgument() throws Exception {
    byte[] whole = concat(credentials("selfie-key", "s3cret"), file("selfie", 5_000));
    Answer a = send("validate_front_face", Arrays.copyOf(whole, whole.length - 3_000));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.error()).isEqualTo("MISSING_ARGUMENTS: selfie");
  }

  @Test
  void withTheTokenKeyATokenNotIssuedToTheCallerIsRefusedBeforeItsUploadIsPublished() throws Exception {
    stop();
    tokenSeal = TokenSeal.ofThisProcess();
    serve(keys);
    List<String> unissued = List.of("U".repeat(43), tokenSeal.issue("selfie-key"), TokenSeal.ofThisProcess().issue("video-key"));
    for (String token : unissued) {
      Answer a = post("validate_video", credentials("video-key", "s3cret"), field("token_random_number", token), file("video", 50_000));
      assertThat(a.status()).as(token).isEqualTo(400);
      assertThat(a.error()).as(token).isEqualTo("INVALID_TOKEN");
    }
    Answer side = post("validate_side_face", credentials("selfie-key", "s3cret"), field("token_front_face", unissued.get(0)),
        file("selfie", 1000));
    assertThat(side.error()).isEqualTo("INVALID_TOKEN");
    // The arguments are checked first, as before: the token stage judged tokens only after them.
    Answer noVideo = post("validate_video", credentials("video-key", "s3cret"), field("token_random_number", unissued.get(0)));
    assertThat(noVideo.error()).isEqualTo("MISSING_ARGUMENTS: video");
    // Sent before its file, a made-up token leaves the file unkept: no budget is needed for it.
    stop();
    uploadBudgetBytes = 100_000;
    serve(keys);
    Answer unbuffered = post("validate_video", credentials("video-key", "s3cret"), field("token_random_number", unissued.get(0)),
        file("video", 3_000_000));
    assertThat(unbuffered.error()).as("not CONCURRENCY_LIMIT_EXCEEDED: the budget was never asked").isEqualTo("INVALID_TOKEN");
    Answer budgeted = post("validate_video", credentials("video-key", "s3cret"), field("token_random_number", tokenSeal.issue("video-key")),
        file("video", 3_000_000));
    assertThat(budgeted.error()).as("a sealed token's file is kept, so the budget applies").isEqualTo("CONCURRENCY_LIMIT_EXCEEDED");
    // A token issued to this key goes on to be published (no publisher here: 500).
    Answer issued = post("validate_video", credentials("video-key", "s3cret"),
        field("token_random_number", tokenSeal.issue("video-key")), file("video", 10_000));
    assertThat(issued.error()).isEqualTo("INTERNAL_ERROR");
    assertThat(issued.status()).isEqualTo(500);
    assertThat(limiter.inFlight("video-key")).isZero();
  }

  @Test
  void withoutTheTokenKeyEveryTokenGoesToTheTokenStage() throws Exception {
    Answer a = post("validate_video", credentials("video-key", "s3cret"), field("token_random_number", "U".repeat(43)),
        file("video", 50_000));
    assertThat(a.status()).as("it reached publishing (none here: 500)").isEqualTo(500);
  }

  @Test
  void keysNotYetReadAnswerInternalErrorNotAuthenticationError() throws Exception {
    // A directory that has not read the topic to its end yet: a key may only be late.
    stop();
    ApiKeyDirectory starting = new ApiKeyDirectory();
    starting.apply("video-key", keys.find("video-key").orElseThrow());
    serve(starting);
    Answer a = post("validate_video", credentials("video-key", "s3cret"));
    assertThat(a.status()).isEqualTo(500);
    assertThat(a.error()).isEqualTo("INTERNAL_ERROR");
  }

  @Test
  void anUnknownCallIsApiNotFound() throws Exception {
    Answer a = post("validate_everything", credentials("video-key", "s3cret"));
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.error()).isEqualTo("API_NOT_FOUND");
  }
}
