package org.faceid.streams.processors.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.signals.LipSyncScorer;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.decode.DecodedClips;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.VideoFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.liveness.LivenessTopology;
import org.faceid.streams.processors.liveness.VideoFaceAnalyzer;
import org.faceid.streams.processors.speech.PocketSphinxRecognizer;
import org.faceid.streams.processors.speech.SpeechTopology;
import org.faceid.streams.processors.speech.SpokenDigits;
import org.faceid.streams.processors.signals.RevoicedSpeech;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lip-sync verdict as the procedure stage reaches it, from the real liveness and speech stages:
 * the four GRID faces each reading digits (FSDD, re-timed so that the face articulates them) are in
 * sync and heard right; the same clips with the sound one second late are not in sync. And dubbing
 * through the same stages: another voice reading the same digits, or the reading half a second
 * early, over each re-timed face (LipSyncCalibration measures the rates on many more trials).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadingSyncTest {

  /** Face, digits, FSDD take: theo's readings, each recognised right (measured 4 of 4). */
  private static final String[][] READINGS = {
      {"bbaf2n", "5830", "2"}, {"brbk7n", "7213", "0"}, {"lwbsza", "4096", "3"}, {"swiz3n", "1964", "1"}};

  private final PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer();
  private TopologyTestDriver faces;
  private TopologyTestDriver speech;

  @BeforeAll
  void startStages() {
    faces = new TopologyTestDriver(new LivenessTopology(new VideoFaceAnalyzer(FaceTestSupport.engine())).build(),
        Fixtures.driverProps());
    speech = new TopologyTestDriver(new SpeechTopology(recognizer).build(), Fixtures.driverProps());
  }

  @AfterAll
  void stopStages() {
    faces.close();
    speech.close();
    recognizer.close();
  }

  private record Verdict(String heard, double sync) {}

  private Verdict judge(byte[] clip, String digits) {
    DecodedVideo video = DecodedClips.video("r", clip, digits, 0);
    Fixtures.input(faces, Topics.VIDEO_DECODED).pipeInput("r", video);
    Fixtures.input(speech, Topics.VIDEO_DECODED).pipeInput("r", video);
    LivenessAnalysis l = Fixtures.output(faces, Topics.LIVENESS_ANALYZED).readValue();
    SpeechAnalysis s = Fixtures.output(speech, Topics.SPEECH_ANALYZED).readValue();
    return new Verdict(s.getDigits(), ProcedureTopology.syncScore(l, s).value());
  }

  @Test
  void facesReadingTheDigitsAreInSyncAndHeardRightAndNotOnceTheSoundIsLate() {
    List<String> report = new ArrayList<>();
    for (String[] r : READINGS) {
      byte[] clip = RevoicedSpeech.retimedClip(TestData.bytes("av/grid/" + r[0] + ".mpg"), r[1], "theo", Integer.parseInt(r[2]));
      Verdict reading = judge(clip, r[1]);
      short[] late = VideoFixtures.shifted(VideoFixtures.audio16k(clip), 1.0);
      Verdict shifted = judge(VideoFixtures.mux(clip, late, 0, RevoicedSpeech.MIN_CLIP_SECONDS), r[1]);
      report.add(String.format("%s %s heard %s sync %.3f, 1 s late %.3f", r[0], r[1], reading.heard(), reading.sync(), shifted.sync()));

      assertThat(reading.heard()).as(report.getLast()).isEqualTo(r[1]);
      assertThat(reading.sync()).as(report.getLast()).isGreaterThanOrEqualTo(LipSyncScorer.IN_SYNC_MIN);
      assertThat(shifted.sync()).as(report.getLast()).isLessThan(LipSyncScorer.IN_SYNC_MIN);
    }
    report.forEach(line -> System.out.println("reading sync: " + line));
  }

  /**
   * Measured on these eight: every attack scores below the strict threshold (0.15-0.88), but at the
   * default 6 of 8 pass (nicolas' voice: bbaf2n 0.88, swiz3n 0.78; 0.5 s early: all four, 0.49-0.84).
   * That is worse than the 4 of 8 once measured with the recogniser's free word times: the scorer is
   * now calibrated on the spans production really gets, and these attacks are the hard end of their
   * families (the same digits read at a similar pace; audio one digit early, which a rhythmic
   * reading matches again). The bound is the measured count, not the 2% target (MODELS.md, "Lip
   * sync"): it pins today's rate so that a regression, or an improvement, shows.
   */
  @Test
  void anotherVoiceOrEarlySoundOverTheReadingFaceIsRejected() {
    List<String> report = new ArrayList<>();
    int acceptedAtDefault = 0;
    for (String[] r : READINGS) {
      byte[] clip = RevoicedSpeech.retimedClip(TestData.bytes("av/grid/" + r[0] + ".mpg"), r[1], "theo", Integer.parseInt(r[2]));
      short[] otherVoice = SpokenDigits.utterance(r[1], "nicolas", Integer.parseInt(r[2]));
      short[] early = VideoFixtures.shifted(VideoFixtures.audio16k(clip), -0.5);
      for (short[] audio : List.of(otherVoice, early)) {
        Verdict attack = judge(VideoFixtures.mux(clip, audio, 0, RevoicedSpeech.MIN_CLIP_SECONDS), r[1]);
        report.add(String.format("%s %s %s: sync %.3f", r[0], r[1], audio == early ? "0.5 s early" : "nicolas", attack.sync()));
        assertThat(attack.sync()).as(report.getLast()).isLessThan(LipSyncScorer.IN_SYNC_MIN_STRICT);
        acceptedAtDefault += attack.sync() >= LipSyncScorer.IN_SYNC_MIN ? 1 : 0;
      }
    }
    report.forEach(line -> System.out.println("dubbing: " + line));
    assertThat(acceptedAtDefault).as(String.join("; ", report)).isLessThanOrEqualTo(6);
  }
}
