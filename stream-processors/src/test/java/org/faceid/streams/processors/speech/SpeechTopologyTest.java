package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.decode.DecodedClips;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.TestMedia;
import org.faceid.streams.processors.signals.RevoicedSpeech;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.SpokenWord;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The speech stage with the real PocketSphinx recogniser on clips decoded by the real decode stage. */
class SpeechTopologyTest {

  private static final SpeechRecognizer RECOGNIZER = new PocketSphinxRecognizer();

  private TopologyTestDriver driver;
  private TestInputTopic<String, DecodedVideo> decoded;
  private TestOutputTopic<String, SpeechAnalysis> analyzed;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(new SpeechTopology(RECOGNIZER).build(), Fixtures.driverProps(),
        Instant.ofEpochMilli(Fixtures.T0));
    decoded = Fixtures.input(driver, Topics.VIDEO_DECODED);
    analyzed = Fixtures.output(driver, Topics.SPEECH_ANALYZED);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @AfterAll
  static void closeRecognizer() {
    RECOGNIZER.close();
  }

  private SpeechAnalysis heard(DecodedVideo video) {
    decoded.pipeInput(video.getMeta().getRequestId(), video);
    return analyzed.readValue();
  }

  @Test
  void digitsReadIntoARealClipAreRecognisedWithTheirTimes() {
    byte[] clip = RevoicedSpeech.retimedClip(TestData.bytes("av/grid/lwbsza.mpg"), "4096", "theo", 3);
    DecodedVideo video = DecodedClips.video("v1", clip, "4096", 0);
    SpeechAnalysis a = heard(video);

    assertThat(a.getStatus()).isEqualTo(StageStatus.OK);
    assertThat(a.getDigits()).isEqualTo("4096");
    assertThat(a.getEngine()).isEqualTo("pocketsphinx");
    assertThat(IssuedNumberThresholds.supported(a.getIssuedSupport(), a.getSpeechInDigits(), true))
        .as("support %s, speech in digits %s", a.getIssuedSupport(), a.getSpeechInDigits()).isTrue();
    assertThat(a.getWords()).hasSize(4);
    for (int i = 1; i < a.getWords().size(); i++) {
      assertThat(a.getWords().get(i).getStartMs()).isGreaterThanOrEqualTo(a.getWords().get(i - 1).getEndMs());
    }
    assertThat(a.getWords().getLast().getEndMs()).isLessThanOrEqualTo(video.getDurationMs());
    // 100 envelope values a second over the whole clip.
    assertThat(a.getEnvelope()).hasSizeBetween((int) (video.getDurationMs() / 10 - 5), (int) (video.getDurationMs() / 10 + 5));
  }

  @Test
  void otherDigitsThanIssuedAreReportedAsHeardAndDoNotSupportIt() {
    byte[] clip = RevoicedSpeech.retimedClip(TestData.bytes("av/grid/brbk7n.mpg"), "7213", "theo", 0);
    SpeechAnalysis a = heard(DecodedClips.video("v2", clip, "4096", 0));

    assertThat(a.getDigits()).isEqualTo("7213");
    assertThat(a.getIssuedSupport()).isLessThan(IssuedNumberThresholds.SUPPORT_MIN);
    assertThat(a.getWords()).as("the issued digits, aligned").extracting(SpokenWord::getWord)
        .containsExactly("four", "zero", "nine", "six");
  }

  @Test
  void aSentenceWithoutTheDigitsIsNotHeardAsTheIssuedNumber() {
    // GRID's own audio: "set white in Z three now".
    SpeechAnalysis a = heard(DecodedClips.video("v3", TestData.bytes("av/grid/swiz3n.mpg"), "4096", 0));

    assertThat(a.getDigits()).isNotEqualTo("4096");
    assertThat(IssuedNumberThresholds.supported(a.getIssuedSupport(), a.getSpeechInDigits(), false))
        .as("support %s, speech in digits %s", a.getIssuedSupport(), a.getSpeechInDigits()).isFalse();
  }

  @Test
  void aClipWhoseSoundCameToNothingIsHeardAsNoNumber() {
    // The decode stage keeps no sound of a track it could not resample, or of audio that starts
    // after the video ends; the stage must answer it (VIDEO_SR_ERROR later), not fail on it.
    DecodedVideo video = DecodedClips.video("v4", TestData.bytes("av/grid/swiz3n.mpg"), "4096", 0);
    video.setAudioPcm(ByteBuffer.allocate(0));
    SpeechAnalysis a = heard(video);

    assertThat(a.getStatus()).isEqualTo(StageStatus.OK);
    assertThat(a.getDigits()).isNotEqualTo("4096");
    assertThat(IssuedNumberThresholds.supported(a.getIssuedSupport(), a.getSpeechInDigits(), false)).isFalse();
    assertThat(a.getEnvelope()).isEmpty();
  }

  @Test
  void stillClipsAreNotListenedTo() {
    byte[] clip = TestMedia.clip(TestData.bytes("av/grid/bbaf2n.mpg"), 2.0, true, "mp4");
    decoded.pipeInput("s1", DecodedClips.still("s1", clip, StillOptions.newBuilder().build()));
    assertThat(analyzed.isEmpty()).isTrue();
  }
}
