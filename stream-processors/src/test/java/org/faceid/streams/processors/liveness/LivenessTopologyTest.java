package org.faceid.streams.processors.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.decode.DecodedClips;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.TestMedia;
import org.faceid.streams.processors.decode.VideoFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.face.ImageDecoder;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.topics.Topics;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The liveness stage on real talking-face clips, decoded by the real decode stage. */
class LivenessTopologyTest {

  static final String GRID = "av/grid/bbaf2n.mpg";
  static final String GRID_OTHER = "av/grid/swiz3n.mpg";
  static final String HDTF = "av/hdtf/WDA_KatieHill_000.mp4";

  private TopologyTestDriver driver;
  private TestInputTopic<String, DecodedVideo> decoded;
  private TestOutputTopic<String, LivenessAnalysis> analyzed;
  private TestOutputTopic<String, ApiResult> results;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(new LivenessTopology(new VideoFaceAnalyzer(FaceTestSupport.engine())).build(),
        Fixtures.driverProps(), Instant.ofEpochMilli(Fixtures.T0));
    decoded = Fixtures.input(driver, Topics.VIDEO_DECODED);
    analyzed = Fixtures.output(driver, Topics.LIVENESS_ANALYZED);
    results = Fixtures.output(driver, Topics.RESULTS);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private LivenessAnalysis accepted(DecodedVideo video) {
    decoded.pipeInput(video.getMeta().getRequestId(), video);
    assertThat(results.isEmpty()).as("no error answer").isTrue();
    return analyzed.readValue();
  }

  private String rejected(DecodedVideo video) {
    decoded.pipeInput(video.getMeta().getRequestId(), video);
    assertThat(analyzed.isEmpty()).as("nothing passed on").isTrue();
    ApiResult answer = results.readValue();
    assertThat(answer.getHttpStatus()).isEqualTo(400);
    return answer.getErrorMessage();
  }

  private static StillOptions.Builder still() {
    return StillOptions.newBuilder();
  }

  @Test
  void aRealTalkingFaceGivesAMouthSeriesABestFaceAndOneIdentity() {
    DecodedVideo video = DecodedClips.video("v1", TestData.bytes(GRID), "4096", 1);
    LivenessAnalysis a = accepted(video);

    assertThat(a.getFrameTimesMs()).hasSize(video.getFrames().size()).hasSizeGreaterThanOrEqualTo(37);
    assertThat(a.getMouthOpening()).hasSize(video.getFrames().size()).noneMatch(v -> v.isNaN());
    float min = a.getMouthOpening().stream().min(Float::compare).orElseThrow();
    float max = a.getMouthOpening().stream().max(Float::compare).orElseThrow();
    assertThat(max).as("the speaker's mouth opens and closes").isGreaterThan(min + 0.03f);
    assertThat(a.getIdentityMinSimilarity()).isGreaterThan(0.9f);
    assertThat(a.getMultipleFaces()).isFalse();
    assertThat(a.getExpectedDigits()).isEqualTo("4096");
    assertThat(a.getFace().getEmbedding().remaining()).isEqualTo(512 * 4);
    assertThat(a.getLiveScore()).isGreaterThan(0.5f);
    try (Mat best = ImageDecoder.pixels(Buffers.bytes(a.getBestImage()))) {
      assertThat(best.cols()).isEqualTo(360);
      assertThat(best.rows()).isEqualTo(288);
    }
    assertThat(a.getBestImage2()).as("validate_video has one best image").isNull();
  }

  @Test
  void stillReturnsTwoBestImagesFromDifferentMoments() {
    byte[] clip = TestMedia.clip(TestData.bytes(HDTF), 2.5, false, "mp4");
    DecodedVideo video = DecodedClips.still("s1", clip, still().setReturnImage(2).build());
    LivenessAnalysis a = accepted(video);

    // Both are whole JPEG frames of the clip, taken at different moments.
    for (ByteBuffer image : List.of(a.getBestImage(), a.getBestImage2())) {
      try (Mat frame = ImageDecoder.pixels(Buffers.bytes(image))) {
        assertThat(frame.cols()).isEqualTo(video.getWidth());
        assertThat(frame.rows()).isEqualTo(video.getHeight());
      }
    }
    assertThat(a.getBestImage2()).isNotEqualTo(a.getBestImage());
    assertThat(a.getStillOptions().getReturnImage()).isEqualTo(2);
  }

  @Test
  void aClipWithoutAFaceIsFaceNotFound() {
    byte[] clip = VideoFixtures.noFace(4.0, VideoFixtures.audio16k(TestData.bytes(GRID)));
    assertThat(rejected(DecodedClips.video("v2", clip, "4096", 0))).isEqualTo("VIDEO_FACE_NOT_FOUND");
  }

  @Test
  void twoPeopleAreMultipleFacesForVideoAndATagForStill() {
    byte[] two = VideoFixtures.sideBySide(TestData.bytes(GRID), TestData.bytes(GRID_OTHER), 2.9);
    assertThat(rejected(DecodedClips.video("v3", two, "4096", 0))).isEqualTo("VIDEO_MULTIPLE_FACES");

    LivenessAnalysis still = accepted(DecodedClips.still("s3", two, still().setReturnMultifacesTag(true).build()));
    assertThat(still.getMultipleFaces()).isTrue();
  }

  @Test
  void aFaceOutOfFocusIsLowQuality() {
    DecodedVideo sharp = DecodedClips.video("v4", TestData.bytes(GRID), "4096", 0);
    assertThat(rejected(FrameEdits.blurred(sharp, 0.008))).isEqualTo("VIDEO_LOW_FACE_QUALITY");
  }

  @Test
  void aMaskedFaceIsOccludedOnlyWhenOcclusionDetectionIsOn() {
    byte[] clip = TestMedia.clip(TestData.bytes(HDTF), 2.5, false, "mp4");
    DecodedVideo plain = DecodedClips.still("s5", clip, still().setFaceOcclusionDetection(true).build());
    accepted(plain);

    DecodedVideo masked = FrameEdits.masked(plain, FaceTestSupport.engine());
    assertThat(rejected(masked)).isEqualTo("VIDEO_FACE_OCCLUDE");

    DecodedVideo maskedNoCheck = DecodedVideo.newBuilder(masked)
        .setStillOptions(still().setFaceOcclusionDetection(false).build()).build();
    accepted(maskedNoCheck);
  }

  @Test
  void aCutToAnotherPersonShowsAsLowIdentityConsistency() {
    byte[] hamilton = TestData.bytes("av/other/short_hamilton_clip.mp4");
    VideoFaces faces = new VideoFaceAnalyzer(FaceTestSupport.engine())
        .analyze(DecodedClips.frames(hamilton), false);
    assertThat(faces.minSimilarity()).isLessThan(MatchThresholds.load().far1e2());
  }
}
