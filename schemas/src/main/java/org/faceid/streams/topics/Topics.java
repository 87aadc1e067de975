package org.faceid.streams.topics;

import static org.faceid.streams.topics.Stage.COMPARE;
import static org.faceid.streams.topics.Stage.DECODE;
import static org.faceid.streams.topics.Stage.GATEWAY;
import static org.faceid.streams.topics.Stage.LIVENESS;
import static org.faceid.streams.topics.Stage.OPERATOR;
import static org.faceid.streams.topics.Stage.PROCEDURE;
import static org.faceid.streams.topics.Stage.REGISTRY;
import static org.faceid.streams.topics.Stage.SELFIE;
import static org.faceid.streams.topics.Stage.SPEECH;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.FrontFaceSubmitted;
import org.faceid.streams.schema.Identity;
import org.faceid.streams.schema.IdentitySubmitted;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.OperatorOutcome;
import org.faceid.streams.schema.RandomNumberAsserted;
import org.faceid.streams.schema.RandomNumberRequested;
import org.faceid.streams.schema.SideFaceSubmitted;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.schema.VideoSubmitted;

/**
 * Every topic of the service, with its serdes: the one place names and formats are defined.
 *
 * <p>Topics keyed by a token ({@code *.submitted} of validate_video, validate_side_face, verify) are
 * co-partitioned with {@link #TOKENS}: they must all have the same partition count.
 *
 * <p>Each entry names who writes it and who reads it ({@link Topic#writers()}, {@link Topic#readers()}):
 * a request's path is the chain gateway → tokens → decode → liveness + speech → procedure (video), or
 * decode → selfie / compare / registry. {@code PipelineWiringTest} checks every Streams stage's
 * topology against these entries.
 */
public final class Topics {

  /** 25 MiB: a 20 MB video plus the rest of its request event. */
  public static final int MAX_MEDIA_RECORD_BYTES = 25 * 1024 * 1024;

  private static final Map<String, String> COMPACTED =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
  private static final Map<String, String> MEDIA =
      Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MEDIA_RECORD_BYTES));
  private static final Map<String, String> DEFAULT = Map.of();
  /** Compacted, and room for a kept photo (--keep-photos) beside the embedding. */
  private static final Map<String, String> COMPACTED_MEDIA = Map.of(
      TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
      TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MEDIA_RECORD_BYTES));

  public static final Topic<String, ApiKey> API_KEYS = topic("faceid.apikeys", ApiKey.class, COMPACTED,
      writers(OPERATOR), readers(GATEWAY));
  public static final Topic<String, Token> TOKENS = topic("faceid.tokens", Token.class, COMPACTED,
      writers(Stage.TOKENS, PROCEDURE, SELFIE, COMPARE), readers(Stage.TOKENS, OPERATOR));
  /** The identity registry for verify with comparison_type=1, keyed by the ID number's HMAC (never the number). */
  public static final Topic<String, Identity> IDENTITIES = topic("faceid.identities", Identity.class, COMPACTED_MEDIA,
      writers(REGISTRY, COMPARE, OPERATOR), readers(COMPARE, REGISTRY));

  public static final Topic<String, RandomNumberRequested> RANDOM_NUMBER_SUBMITTED =
      topic("faceid.random-number.submitted", RandomNumberRequested.class, DEFAULT,
      writers(GATEWAY), readers(Stage.TOKENS));
  /**
   * Operator-only: digits asserted by a Kafka client (deploy/faceid batch), never by the gateway. Restrict
   * who may write it with the cluster's ACLs as for every other topic.
   */
  public static final Topic<String, RandomNumberAsserted> RANDOM_NUMBER_ASSERTED =
      topic("faceid.random-number.asserted", RandomNumberAsserted.class, DEFAULT,
      writers(OPERATOR), readers(Stage.TOKENS));
  /**
   * Operator-only: what each case of a batch run and each request of a replay came to, written by the CLI
   * (a JVM of its own) and counted into /metrics by the process that serves it, the gateway's. Keyed by run id.
   */
  public static final Topic<String, OperatorOutcome> OPERATOR_OUTCOMES =
      topic("faceid.operator.outcomes", OperatorOutcome.class, DEFAULT,
      writers(OPERATOR), readers(GATEWAY));
  public static final Topic<String, VideoSubmitted> VIDEO_SUBMITTED =
      topic("faceid.video.submitted", VideoSubmitted.class, MEDIA,
      writers(GATEWAY), readers(Stage.TOKENS));
  public static final Topic<String, StillSubmitted> STILL_SUBMITTED =
      topic("faceid.still.submitted", StillSubmitted.class, MEDIA,
      writers(GATEWAY), readers(DECODE));
  public static final Topic<String, FrontFaceSubmitted> FRONT_FACE_SUBMITTED =
      topic("faceid.front-face.submitted", FrontFaceSubmitted.class, MEDIA,
      writers(GATEWAY), readers(SELFIE));
  public static final Topic<String, SideFaceSubmitted> SIDE_FACE_SUBMITTED =
      topic("faceid.side-face.submitted", SideFaceSubmitted.class, MEDIA,
      writers(GATEWAY), readers(Stage.TOKENS));
  public static final Topic<String, VerifySubmitted> VERIFY_SUBMITTED =
      topic("faceid.verify.submitted", VerifySubmitted.class, MEDIA,
      writers(GATEWAY), readers(Stage.TOKENS));
  /** The admin call registering or deleting one identity, keyed by request_id. */
  public static final Topic<String, IdentitySubmitted> IDENTITY_SUBMITTED =
      topic("faceid.identity.submitted", IdentitySubmitted.class, MEDIA,
      writers(GATEWAY), readers(REGISTRY));

  /**
   * Requests whose token the gate accepted, re-keyed by request_id for the next stage: a video's
   * decode stage; the stage that judges a photo as uploaded (selfie, compare), since photos have no
   * compact form to decode into.
   */
  public static final Topic<String, VideoSubmitted> VIDEO_ACCEPTED =
      topic("faceid.video.accepted", VideoSubmitted.class, MEDIA,
      writers(Stage.TOKENS), readers(DECODE));
  public static final Topic<String, SideFaceSubmitted> SIDE_FACE_ACCEPTED =
      topic("faceid.side-face.accepted", SideFaceSubmitted.class, MEDIA,
      writers(Stage.TOKENS), readers(SELFIE));
  public static final Topic<String, VerifySubmitted> VERIFY_ACCEPTED =
      topic("faceid.verify.accepted", VerifySubmitted.class, MEDIA,
      writers(Stage.TOKENS), readers(COMPARE));

  public static final Topic<String, DecodedVideo> VIDEO_DECODED =
      topic("faceid.video.decoded", DecodedVideo.class, MEDIA,
      writers(DECODE), readers(LIVENESS, SPEECH));

  public static final Topic<String, LivenessAnalysis> LIVENESS_ANALYZED =
      topic("faceid.liveness.analyzed", LivenessAnalysis.class, DEFAULT,
      writers(LIVENESS), readers(PROCEDURE));
  public static final Topic<String, SpeechAnalysis> SPEECH_ANALYZED =
      topic("faceid.speech.analyzed", SpeechAnalysis.class, DEFAULT,
      writers(SPEECH), readers(PROCEDURE));

  /**
   * Answers, keyed by gateway_id: each gateway reads only the partition its id hashes to. Every
   * stage writes them, and its dead-letter handlers answer the requests they drop
   * (the operator's replay reads its own prefixed copy).
   */
  public static final Topic<String, ApiResult> RESULTS = topic("faceid.results", ApiResult.class, DEFAULT,
      Stage.STREAMS, readers(GATEWAY, OPERATOR));

  /**
   * Records a stage could not process, as they were read (raw key and value), with the reason in
   * Kafka Streams' {@code __streams.errors.*} headers. Media-sized: a failed upload travels whole.
   * Every stage writes them through its exception handlers (its settings), never its topology; the
   * operator reads them.
   */
  public static final Topic<byte[], byte[]> DEAD_LETTERS = new Topic<>("faceid.dead-letters", Serdes.ByteArray(),
      Serdes.ByteArray(), MEDIA, Stage.STREAMS, readers(OPERATOR));

  public static final List<Topic<?, ?>> ALL = List.of(
      API_KEYS, TOKENS, IDENTITIES, RANDOM_NUMBER_SUBMITTED, RANDOM_NUMBER_ASSERTED, VIDEO_SUBMITTED, STILL_SUBMITTED,
      FRONT_FACE_SUBMITTED, SIDE_FACE_SUBMITTED, VERIFY_SUBMITTED, IDENTITY_SUBMITTED, VIDEO_ACCEPTED, SIDE_FACE_ACCEPTED,
      VERIFY_ACCEPTED,
      VIDEO_DECODED, LIVENESS_ANALYZED, SPEECH_ANALYZED, RESULTS,
      DEAD_LETTERS, OPERATOR_OUTCOMES);

  private Topics() {}

  private static <V extends org.apache.avro.specific.SpecificRecord> Topic<String, V> topic(
      String name, Class<V> type, Map<String, String> configs, Set<Stage> writers, Set<Stage> readers) {
    return new Topic<>(name, Serdes.String(), AvroSerde.of(type), configs, writers, readers);
  }

  private static Set<Stage> writers(Stage... writers) {
    return Set.of(writers);
  }

  private static Set<Stage> readers(Stage... readers) {
    return Set.of(readers);
  }

  /** The topics {@code stage} writes. */
  public static List<Topic<?, ?>> writtenBy(Stage stage) {
    return ALL.stream().filter(t -> t.writers().contains(stage)).toList();
  }

  /** The topics {@code stage} reads. */
  public static List<Topic<?, ?>> readBy(Stage stage) {
    return ALL.stream().filter(t -> t.readers().contains(stage)).toList();
  }

  /** The registered topic of that name, if any. */
  public static Optional<Topic<?, ?>> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The partition the default partitioner gives a String key: where a gateway's replies land. */
  public static int partitionFor(String key, int partitions) {
    byte[] bytes = new StringSerializer().serialize(null, key);
    return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
  }

}
