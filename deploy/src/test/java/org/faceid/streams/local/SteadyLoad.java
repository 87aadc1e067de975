package org.faceid.streams.local;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.faceid.streams.processors.compare.CompareTopology;
import org.faceid.streams.processors.decode.DecodeTopology;
import org.faceid.streams.processors.liveness.LivenessTopology;
import org.faceid.streams.processors.procedure.ProcedureTopology;
import org.faceid.streams.processors.selfie.SelfieTopology;
import org.faceid.streams.processors.speech.SpeechTopology;
import org.faceid.streams.processors.tokens.TokenTopology;

/**
 * Clients calling the API one call after another each, with real media, until stopped; every call's
 * outcome is kept. The calls cycle through the chosen kinds, so a load can pass through any stage.
 */
final class SteadyLoad implements AutoCloseable {

  /** A kind of call and the stages its request passes through. */
  enum Kind {
    RANDOM_NUMBER(TokenTopology.STAGE),
    FRONT_FACE(DecodeTopology.STAGE, SelfieTopology.STAGE),
    VERIFY(TokenTopology.STAGE, DecodeTopology.STAGE, CompareTopology.STAGE),
    STILL(DecodeTopology.STAGE, LivenessTopology.STAGE, ProcedureTopology.STAGE),
    VIDEO(TokenTopology.STAGE, DecodeTopology.STAGE, LivenessTopology.STAGE, SpeechTopology.STAGE, ProcedureTopology.STAGE);

    final List<String> stages;

    Kind(String... stages) {
      this.stages = List.of(stages);
    }
  }

  /**
   * One call: when it was sent and answered (System.nanoTime), its answer's status and request_id, or
   * status 0 and the error that left it unanswered.
   */
  record Outcome(Kind kind, String bizNo, long sentAt, long answeredAt, int status, String requestId, String error) {
    /** No answer, or a 5xx: the request was lost on the way (the answer timed out). */
    boolean lost() {
      return status == 0 || status >= 500;
    }
  }

  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> clients;

  private SteadyLoad(ApiClient api, String key, String secret, int clients, List<Kind> kinds) {
    this.clients = IntStream.range(0, clients)
        .mapToObj(c -> Thread.ofPlatform().name("load-" + c).start(new Client(api, key, secret, c, kinds)::run))
        .toList();
  }

  static SteadyLoad start(ApiClient api, String key, String secret, int clients, List<Kind> kinds) {
    return new SteadyLoad(api, key, secret, clients, kinds);
  }

  /** One client's calls; a verify uses the token of its last front face, a video its last random number. */
  private final class Client {
    private final ApiClient api;
    private final String key;
    private final String secret;
    private final int id;
    private final List<Kind> kinds;
    private String frontToken = "none";
    private String numberToken = "none";

    Client(ApiClient api, String key, String secret, int id, List<Kind> kinds) {
      this.api = api;
      this.key = key;
      this.secret = secret;
      this.id = id;
      this.kinds = kinds;
    }

    void run() {
      for (int i = 0; running.get(); i++) {
        Kind kind = kinds.get(i % kinds.size());
        String bizNo = "load-" + id + "-" + sent.incrementAndGet();
        long sentAt = System.nanoTime();
        try {
          ApiClient.Response r = call(kind, ApiClient.form().credentials(key, secret).field("biz_no", bizNo));
          outcomes.add(new Outcome(kind, bizNo, sentAt, System.nanoTime(), r.status(),
              r.body().path("request_id").asText(null), r.error()));
          frontToken = r.body().path("token_front_face").asText(frontToken);
          numberToken = r.body().path("token_random_number").asText(numberToken);
        } catch (Exception e) {
          outcomes.add(new Outcome(kind, bizNo, sentAt, System.nanoTime(), 0, null, e.toString()));
        }
      }
    }

    private ApiClient.Response call(Kind kind, ApiClient.Form form) throws Exception {
      return switch (kind) {
        case RANDOM_NUMBER -> api.post("get_random_number", form);
        case FRONT_FACE -> api.post("validate_front_face", form.file("selfie", Media.facePhoto()));
        case VERIFY -> api.post("verify", form.field("token", frontToken).field("comparison_type", "0")
            .file("image_ref1", Media.facePhoto()));
        case STILL -> api.post("validate_still", form.file("video", Media.stillClip()));
        case VIDEO -> api.post("validate_video", form.field("token_random_number", numberToken).file("video", Media.gridClip()));
      };
    }
  }

  long sent() {
    return sent.get();
  }

  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Waits until {@code count} calls have been answered (whatever the answer). */
  void awaitAnswered(long count, Duration timeout) throws InterruptedException {
    FaceIdService.awaitCondition(() -> outcomes.size() >= count, timeout, count + " answered calls");
  }

  void stopAndJoin(Duration timeout) throws InterruptedException {
    running.set(false);
    for (Thread client : clients) {
      client.join(timeout);
    }
  }

  /** The outcomes, checked against the answers the stages committed to {@code faceid.results}. */
  LoadReport report(String bootstrapServers) {
    return LoadReport.of(outcomes(), CommittedResults.countByRequestId(bootstrapServers));
  }

  @Override
  public void close() throws InterruptedException {
    stopAndJoin(Duration.ofSeconds(70));
  }
}
