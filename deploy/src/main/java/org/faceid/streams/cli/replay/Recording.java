package org.faceid.streams.cli.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.SideFaceSubmitted;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;

/**
 * What the live topics recorded of a window: every request received in it (where it was published,
 * not its bytes: a window's uploads can be far more than memory, so {@link ReplayRun} reads each one
 * again when it republishes it), the answer each got on {@code faceid.results}, and the tokens that
 * existed when the window began.
 * What retention has deleted is simply not here; {@link ReplayPlan} names what that leaves unreplayable.
 */
record Recording(List<Request> requests, Map<String, Answer> answers, Map<String, RawToken> tokensBefore) {

  /** The topics requests are published on: the API's six calls and the operator's asserted numbers. */
  static final List<Topic<String, ? extends SpecificRecord>> REQUEST_TOPICS = List.of(
      Topics.RANDOM_NUMBER_SUBMITTED, Topics.RANDOM_NUMBER_ASSERTED, Topics.VIDEO_SUBMITTED, Topics.STILL_SUBMITTED,
      Topics.FRONT_FACE_SUBMITTED, Topics.SIDE_FACE_SUBMITTED, Topics.VERIFY_SUBMITTED);

  /** One recorded request: where and how it was published (its record's partition and offset), and what it says. */
  record Request(Topic<String, ? extends SpecificRecord> topic, int partition, long offset, String key, long timestampMs,
      RequestMeta meta, String presentedToken, int imagesAsked) {}

  /**
   * One recorded answer, when it was written and where ({@code faceid.results}' partition and offset).
   * Its images ({@code image_best}, {@code image_best_2}: base64 photos, the only large fields) are
   * not held: a window can hold more answers than memory could with them. {@link #whole} reads
   * them again when the answer is written out.
   */
  record Answer(ApiResult result, long timestampMs, int partition, long offset, boolean imagesLeftOnTopic) {

    /** The answer as recorded, without its images (they stay on the topic). */
    static Answer kept(ApiResult result, long timestampMs, int partition, long offset) {
      boolean images = result.getImageBest() != null || result.getImageBest2() != null;
      if (images) {
        result = ApiResult.newBuilder(result).setImageBest(null).setImageBest2(null).build();
      }
      return new Answer(result, timestampMs, partition, offset, images);
    }

    /** The whole answer, images read again from the topic; null if retention has deleted its record since. */
    ApiResult whole(TopicReader reader, Duration timeout) {
      if (!imagesLeftOnTopic) {
        return result;
      }
      byte[] value = reader.valueAt(Topics.RESULTS.name(), partition, offset, timeout);
      return value == null ? null : Topics.RESULTS.valueSerde().deserializer().deserialize(Topics.RESULTS.name(), value);
    }
  }

  /** A token record as the live topic holds it. */
  record RawToken(String key, byte[] value, long timestampMs) {}

  /**
   * How long after a request's receipt its records are written: its upload is read first (bounded by
   * the gateway's idle and pace limits) and its answer comes within the answer timeout.
   */
  static final long WRITE_SLACK_MS = 10 * 60_000L;

  static Recording read(Properties clientBase, Instant from, Instant to) {
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    long untilMs = toMs + WRITE_SLACK_MS;
    List<Request> requests = new ArrayList<>();
    try (TopicReader reader = new TopicReader(clientBase)) {
      for (Topic<String, ? extends SpecificRecord> topic : REQUEST_TOPICS) {
        // A request is published after it is received: its record is no older than the window.
        reader.read(topic.name(), fromMs, untilMs, record -> {
          if (record.value() == null) {
            return;
          }
          SpecificRecord value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
          RequestMeta meta = (RequestMeta) value.get(value.getSchema().getField("meta").pos());
          if (meta.getReceivedAtMs() >= fromMs && meta.getReceivedAtMs() < toMs) {
            requests.add(new Request(topic, record.partition(), record.offset(), record.key(), record.timestamp(), meta,
                presentedToken(value), imagesAsked(value)));
          }
        });
      }
      requests.sort(Comparator.comparingLong((Request r) -> r.meta().getReceivedAtMs()).thenComparingLong(Request::timestampMs));
      Map<String, Answer> answers = new HashMap<>();
      reader.read(Topics.RESULTS.name(), fromMs, untilMs, record -> {
        if (record.value() != null) {
          ApiResult result = Topics.RESULTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
          answers.putIfAbsent(result.getRequestId(), Answer.kept(result, record.timestamp(), record.partition(), record.offset()));
        }
      });
      // The token topic is compacted: its state at the window's start is each token's last record
      // from before it (an issue by its time of issue, a tombstone by its record's time).
      Map<String, RawToken> tokens = new LinkedHashMap<>();
      reader.read(Topics.TOKENS.name(), 0, fromMs + WRITE_SLACK_MS, record -> {
        if (record.value() == null) {
          if (record.timestamp() < fromMs) {
            tokens.remove(record.key());
          }
          return;
        }
        Token token = Topics.TOKENS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        if (token.getIssuedAtMs() < fromMs) {
          tokens.put(record.key(), new RawToken(record.key(), record.value(), record.timestamp()));
        }
      });
      return new Recording(requests, answers, tokens);
    }
  }

  /** The token a request presents (validate_video, validate_side_face, verify), or null. */
  static String presentedToken(SpecificRecord value) {
    return switch (value) {
      case VideoSubmitted v -> v.getTokenRandomNumber();
      case SideFaceSubmitted s -> s.getTokenFrontFace();
      case VerifySubmitted v -> v.getToken();
      default -> null;
    };
  }

  /** The images the request asked its answer to carry (return_image). */
  static int imagesAsked(SpecificRecord value) {
    return switch (value) {
      case VideoSubmitted v -> v.getReturnImage();
      case StillSubmitted s -> s.getOptions().getReturnImage();
      default -> 0;
    };
  }
}
