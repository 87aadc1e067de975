package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

/**
 * With the production settings, a record that fails outside {@link Guarded} ends in the dead letters
 * with its reason, its request is answered INTERNAL_ERROR, and the next record is processed.
 */
class DeadLettersTest {

  /** A stage that fails on one request, the way a bug past Guarded would. */
  private static TopologyTestDriver failingOn(String requestId) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.STILL_SUBMITTED.name(),
            Consumed.with(Topics.STILL_SUBMITTED.keySerde(), Topics.STILL_SUBMITTED.valueSerde()))
        .mapValues(r -> {
          if (r.getMeta().getRequestId().equals(requestId)) {
            throw new IllegalStateException("bug on " + requestId);
          }
          return Results.error(r.getMeta(), ApiError.VIDEO_FACE_NOT_FOUND);
        })
        .selectKey((k, r) -> r.getGatewayId())
        .to(Topics.RESULTS.name(), Produced.with(Topics.RESULTS.keySerde(), Topics.RESULTS.valueSerde()));
    return new TopologyTestDriver(builder.build(), Fixtures.driverProps());
  }

  private static StillSubmitted still(String id) {
    return StillSubmitted.newBuilder().setMeta(meta(id, Endpoint.VALIDATE_STILL, "k", T0))
        .setVideo(ByteBuffer.wrap(new byte[] {1, 2, 3})).setOptions(StillOptions.newBuilder().build()).build();
  }

  @Test
  void failedRecordIsAnsweredAndDeadLetteredAndTheStageMovesOn() {
    try (TopologyTestDriver driver = failingOn("poison")) {
      var in = Fixtures.input(driver, Topics.STILL_SUBMITTED);
      TestOutputTopic<String, ApiResult> results = Fixtures.output(driver, Topics.RESULTS);
      TestOutputTopic<byte[], byte[]> dead = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
          Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());

      in.pipeInput("poison", still("poison"));
      in.pipeInput("healthy", still("healthy"));

      ApiResult first = results.readValue();
      assertThat(first.getRequestId()).isEqualTo("poison");
      assertThat(first.getHttpStatus()).isEqualTo(500);
      assertThat(first.getErrorMessage()).isEqualTo("INTERNAL_ERROR");
      ApiResult second = results.readValue();
      assertThat(second.getRequestId()).isEqualTo("healthy");
      assertThat(second.getErrorMessage()).isEqualTo("VIDEO_FACE_NOT_FOUND");

      TestRecord<byte[], byte[]> letter = dead.readRecord();
      assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
      assertThat(Topics.STILL_SUBMITTED.valueSerde().deserializer().deserialize("", letter.value()))
          .as("the record as it was read").isEqualTo(still("poison"));
      assertThat(header(letter, "__streams.errors.message")).isEqualTo("bug on poison");
      assertThat(header(letter, "__streams.errors.topic")).isEqualTo(Topics.STILL_SUBMITTED.name());
      assertThat(dead.isEmpty()).isTrue();
    }
  }

  @Test
  void anUnreadableRecordIsSkippedByTheProductionHandlerAndTheNextRequestIsAnswered() {
    // Fixtures.driverProps() are StreamsSettings.forStage's: Kafka's default handler would fail the task here.
    try (TopologyTestDriver driver = failingOn("none")) {
      driver.createInputTopic(Topics.STILL_SUBMITTED.name(), new ByteArraySerializer(), new ByteArraySerializer())
          .pipeInput("broken".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
      Fixtures.input(driver, Topics.STILL_SUBMITTED).pipeInput("healthy", still("healthy"));

      TestOutputTopic<String, ApiResult> results = Fixtures.output(driver, Topics.RESULTS);
      assertThat(results.readValue().getRequestId()).isEqualTo("healthy");
      assertThat(results.isEmpty()).as("nothing answered for the unreadable record").isTrue();
    }
  }

  @Test
  void aRecordThatNamesNoRequestIsOnlyDeadLettered() {
    assertThat(DeadLetters.requestOf(Topics.TOKENS.name(), new byte[] {1})).isEmpty();
    assertThat(DeadLetters.requestOf("elsewhere", new byte[] {1})).isEmpty();
    byte[] raw = Topics.STILL_SUBMITTED.valueSerde().serializer().serialize("", still("x"));
    assertThat(DeadLetters.requestOf(Topics.STILL_SUBMITTED.name(), raw)).get()
        .extracting(m -> m.getRequestId()).isEqualTo("x");
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
