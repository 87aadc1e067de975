package org.faceid.streams.processors.decode;

import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VideoFrame;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.Topics;

/** Clips run through the real decode stage, as the later stages receive them. */
public final class DecodedClips {

  private DecodedClips() {}

  /** A random-number token as the token gate attaches it to validate_video. */
  public static Token randomNumber(String digits) {
    return Token.newBuilder().setToken("t-" + digits).setKind(TokenKind.RANDOM_NUMBER).setApiKey("k")
        .setIssuedAtMs(T0).setExpiresAtMs(T0 + 86_400_000L).setRandomNumber(digits).build();
  }

  public static DecodedVideo video(String requestId, byte[] clip, String digits, int returnImage) {
    return decode(Topics.VIDEO_ACCEPTED.name(), driver -> Fixtures.input(driver, Topics.VIDEO_ACCEPTED)
        .pipeInput(requestId, VideoSubmitted.newBuilder().setMeta(meta(requestId, Endpoint.VALIDATE_VIDEO, "k", T0))
            .setTokenRandomNumber("t-" + digits).setVideo(ByteBuffer.wrap(clip)).setReturnImage(returnImage)
            .setIssued(randomNumber(digits)).build()));
  }

  public static DecodedVideo still(String requestId, byte[] clip, StillOptions options) {
    return decode(Topics.STILL_SUBMITTED.name(), driver -> Fixtures.input(driver, Topics.STILL_SUBMITTED)
        .pipeInput(requestId, StillSubmitted.newBuilder().setMeta(meta(requestId, Endpoint.VALIDATE_STILL, "k", T0))
            .setVideo(ByteBuffer.wrap(clip)).setOptions(options).build()));
  }

  /** The sampled frames of any clip, whatever its length: for analyses below the API's duration limits. */
  public static List<VideoFrame> frames(byte[] clip) {
    try {
      return new VideoProbe(Duration.ofSeconds(30)).decode(clip).videoFrames();
    } catch (UnsupportedMediaException e) {
      throw new AssertionError(e);
    }
  }

  private static DecodedVideo decode(String topic, Consumer<TopologyTestDriver> submit) {
    try (TopologyTestDriver driver = new TopologyTestDriver(
        new DecodeTopology(new VideoProbe(Duration.ofSeconds(30))).build(), Fixtures.driverProps())) {
      TestOutputTopic<String, DecodedVideo> decoded = Fixtures.output(driver, Topics.VIDEO_DECODED);
      TestOutputTopic<String, ApiResult> results = Fixtures.output(driver, Topics.RESULTS);
      submit.accept(driver);
      if (!results.isEmpty()) {
        throw new AssertionError("the decode stage answered " + results.readValue().getErrorMessage() + " for " + topic);
      }
      return decoded.readValue();
    }
  }
}
