package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.schema.VideoFrame;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decode stage on real media from the shared corpus and fixtures cut from it. */
class DecodeTopologyTest {

  private static final Token RANDOM_NUMBER = Token.newBuilder().setToken("t").setKind(TokenKind.RANDOM_NUMBER)
      .setApiKey("k").setIssuedAtMs(T0).setExpiresAtMs(T0 + 1).setRandomNumber("1234").build();

  private TopologyTestDriver driver;
  private TestOutputTopic<String, ApiResult> results;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(new DecodeTopology(new VideoProbe(Duration.ofSeconds(20))).build(),
        Fixtures.driverProps());
    results = Fixtures.output(driver, Topics.RESULTS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void video(String id, byte[] bytes) {
    Fixtures.input(driver, Topics.VIDEO_ACCEPTED).pipeInput(id, VideoSubmitted.newBuilder()
        .setMeta(meta(id, Endpoint.VALIDATE_VIDEO, "k", T0)).setTokenRandomNumber("t")
        .setVideo(ByteBuffer.wrap(bytes)).setReturnImage(1).setIssued(RANDOM_NUMBER).build());
  }

  private void still(String id, byte[] bytes) {
    Fixtures.input(driver, Topics.STILL_SUBMITTED).pipeInput(id, StillSubmitted.newBuilder()
        .setMeta(meta(id, Endpoint.VALIDATE_STILL, "k", T0)).setVideo(ByteBuffer.wrap(bytes))
        .setOptions(StillOptions.newBuilder().build()).build());
  }

  private ApiResult answer() {
    return results.readValue();
  }

  @Test
  void realTalkingFaceClipDecodesWithItsMeasuredDurationAndAudio() {
    video("grid", TestData.bytes("av/grid/bbaf2n.mpg"));

    DecodedVideo decoded = Fixtures.output(driver, Topics.VIDEO_DECODED).readValue();
    assertThat(decoded.getFlow()).isEqualTo(VideoFlow.VALIDATE_VIDEO);
    assertThat(decoded.getDurationMs()).isBetween(2_900L, 3_100L);
    assertThat(decoded.getHasAudio()).isTrue();
    assertThat(decoded.getWidth()).isEqualTo(360);
    assertThat(decoded.getHeight()).isEqualTo(288);
    assertThat(decoded.getFrameCount()).isEqualTo(75);
    assertThat(decoded.getIssued().getRandomNumber()).as("the number travels on to the procedure").isEqualTo("1234");
    assertThat(results.isEmpty()).isTrue();
    // compact media: 3 s at 12.5 sampled frames per second, upright JPEGs, 16 kHz mono PCM
    assertThat(decoded.getRotationDegrees()).isZero();
    assertThat(decoded.getFrames()).hasSize(38);
    assertFrames(decoded, 360, 288);
    assertThat(decoded.getAudioPcm().remaining() / 2).isCloseTo(3 * 16_000, within(800));
  }

  /** Issue 10: one small upload used to kill the stage's thread and wedge every video behind it. */
  @Test
  void audioBombIsRefusedAndTheNextVideoIsDecoded() {
    still("bomb", AudioBomb.mkv(2.5));
    ApiResult refused = answer();
    assertThat(refused.getRequestId()).isEqualTo("bomb");
    assertThat(refused.getHttpStatus()).isEqualTo(400);
    assertThat(refused.getErrorMessage()).isEqualTo("VIDEO_UNSUPPORTED_FORMAT");

    video("next", TestData.bytes("av/grid/bbaf2n.mpg"));
    assertThat(Fixtures.output(driver, Topics.VIDEO_DECODED).readValue().getMeta().getRequestId()).isEqualTo("next");
  }

  @Test
  void phoneVideoStoredTurnedComesOutUpright() {
    video("portrait", VideoFixtures.rotated(TestData.bytes("av/grid/lwbsza.mpg"), 90));

    DecodedVideo decoded = Fixtures.output(driver, Topics.VIDEO_DECODED).readValue();
    assertThat(decoded.getRotationDegrees()).isEqualTo(90);
    assertThat(decoded.getWidth()).as("stored size").isEqualTo(288);
    assertThat(decoded.getHeight()).isEqualTo(360);
    assertFrames(decoded, 360, 288);
    assertThat(decoded.getAudioPcm().remaining() / 2).isCloseTo(3 * 16_000, within(1_100));
  }

  /** Frame count matches the duration at the sampled rate; increasing times; JPEGs of this size. */
  private static void assertFrames(DecodedVideo decoded, int width, int height) {
    assertThat(decoded.getFrames()).hasSizeBetween((int) (decoded.getDurationMs() * 12.5 / 1000),
        (int) (decoded.getDurationMs() * 12.5 / 1000) + 1);
    long previous = -1;
    for (VideoFrame frame : decoded.getFrames()) {
      assertThat(frame.getTimestampMs()).isGreaterThan(previous);
      previous = frame.getTimestampMs();
      try (Mat image = TestMedia.decodeImage(Buffers.bytes(frame.getJpeg()))) {
        assertThat(image.cols()).isEqualTo(width);
        assertThat(image.rows()).isEqualTo(height);
      }
    }
  }

  @Test
  void videoErrorsComeFromRealDecoding() {
    byte[] hdtf = TestData.bytes("av/hdtf/WDA_KatieHill_000.mp4");
    video("garbage", TestMedia.randomBytes(50_000, 7));
    video("truncated", TestMedia.truncate(hdtf, 0.5));
    video("eight-seconds", hdtf);
    video("two-seconds", TestMedia.clip(hdtf, 2.0, true, "mp4"));
    video("silent", TestMedia.clip(hdtf, 4.0, false, "mp4"));

    assertThat(results.readValuesToList()).extracting(ApiResult::getRequestId, ApiResult::getHttpStatus, ApiResult::getErrorMessage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("garbage", 400, "VIDEO_UNSUPPORTED_FORMAT"),
            org.assertj.core.groups.Tuple.tuple("truncated", 400, "VIDEO_UNSUPPORTED_FORMAT"),
            org.assertj.core.groups.Tuple.tuple("eight-seconds", 400, "VIDEO_INVALID_DURATION"),
            org.assertj.core.groups.Tuple.tuple("two-seconds", 400, "VIDEO_INVALID_DURATION"),
            org.assertj.core.groups.Tuple.tuple("silent", 400, "VIDEO_NO_AUDIO"));
    assertThat(Fixtures.output(driver, Topics.VIDEO_DECODED).isEmpty()).isTrue();
  }

  @Test
  void stillHasItsOwnDurationLimitsAndNeedsNoAudio() {
    byte[] hdtf = TestData.bytes("av/hdtf/WDA_KatieHill_000.mp4");
    still("silent-two", TestMedia.clip(hdtf, 2.0, false, "mp4"));
    still("four", TestMedia.clip(hdtf, 4.0, true, "mp4"));

    DecodedVideo decoded = Fixtures.output(driver, Topics.VIDEO_DECODED).readValue();
    assertThat(decoded.getMeta().getRequestId()).isEqualTo("silent-two");
    assertThat(decoded.getFlow()).isEqualTo(VideoFlow.VALIDATE_STILL);
    assertThat(decoded.getHasAudio()).isFalse();
    assertThat(decoded.getAudioPcm().remaining()).isZero();
    assertFrames(decoded, 512, 512);
    assertThat(decoded.getStillOptions().getEyeCloseDetection()).isTrue();
    ApiResult four = answer();
    assertThat(four.getRequestId()).isEqualTo("four");
    assertThat(four.getErrorMessage()).isEqualTo("VIDEO_INVALID_DURATION");
  }
}
