package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.faceid.streams.processors.decode.VideoProbes.measure;
import static org.faceid.streams.processors.decode.VideoProbes.pcm;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.face.FaceBox;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated test videos: what they contain, checked by decoding them for real. */
class VideoFixturesTest {

  private static final VideoProbe PROBE = new VideoProbe(Duration.ofSeconds(20));
  private static final int RATE = VideoFixtures.AUDIO_RATE;

  private static final String GRID = "av/grid/bbaf2n.mpg";
  private static final String GRID_OTHER = "av/grid/swiz3n.mpg";
  private static final String HDTF = "av/hdtf/WDA_KatieHill_000.mp4";
  private static final String DIGIT = "speech/fsdd/7_jackson_0.wav";

  // ---------------------------------------------------------------- audio

  @Test
  void audio16kResamplesAnyFilesFirstTrack() {
    byte[] wav = TestData.bytes(DIGIT);
    // 8 kHz mono s16 WAV: twice as many samples at 16 kHz (header of about 44 bytes aside)
    assertThat(VideoFixtures.audio16k(wav).length).isCloseTo(wav.length - 44, within(64));
    // GRID: MP2, 44.1 kHz stereo, 2.95 s
    assertThat(VideoFixtures.audio16k(TestData.bytes(GRID)).length / (double) RATE).isCloseTo(2.95, within(0.05));
    assertThatThrownBy(() -> VideoFixtures.audio16k(VideoFixtures.mux(TestData.bytes(GRID), null, 0, 3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shiftedDelaysOrAdvancesKeepingTheLength() {
    short[] ramp = {1, 2, 3, 4, 5, 6};
    double twoSamples = 2.0 / RATE;

    assertThat(VideoFixtures.shifted(ramp, twoSamples)).containsExactly(0, 0, 1, 2, 3, 4);
    assertThat(VideoFixtures.shifted(ramp, -twoSamples)).containsExactly(3, 4, 5, 6, 0, 0);
    assertThat(VideoFixtures.shifted(ramp, 1.0)).containsOnly((short) 0).hasSize(6);
    assertThat(VideoFixtures.silence(0.5)).hasSize(RATE / 2).containsOnly((short) 0);
  }

  // ---------------------------------------------------------------- mux

  @Test
  void muxPutsTheGivenAudioUnderTheClipsFramesPaddedToItsLength() throws Exception {
    short[] digit = VideoFixtures.audio16k(TestData.bytes(DIGIT)); // about 0.4 s
    VideoProbe.Decoded d = PROBE.decode(VideoFixtures.mux(TestData.bytes(GRID), digit, 0.5, 2.0));

    assertThat(d.result().durationMs()).isCloseTo(2000, within(40L));
    assertThat(d.result().frameCount()).isEqualTo(50);
    assertThat(d.result().width()).isEqualTo(360);
    assertThat(d.result().height()).isEqualTo(288);
    assertThat(d.result().hasAudio()).isTrue();
    short[] pcm = pcm(d);
    assertThat(pcm.length).isCloseTo(2 * RATE, within(1100));
    // the digit first, then silence
    assertThat(energy(pcm, 0, digit.length)).isGreaterThan(1000 * (1 + energy(pcm, RATE, 2 * RATE)));
  }

  @Test
  void muxCutsLongerAudioAndStartsAtTheGivenTime() throws Exception {
    byte[] hdtf = TestData.bytes(HDTF);
    byte[] clip = VideoFixtures.mux(hdtf, VideoFixtures.audio16k(hdtf), 2.0, 4.0);
    VideoProbe.Decoded d = PROBE.decode(clip);

    assertThat(d.result().durationMs()).isCloseTo(4000, within(40L));
    assertThat(d.audioPcm().length / 2).isCloseTo(4 * RATE, within(1100));
    // its first frame is the source's frame at 2.0 s
    VideoProbe.SampledFrame at2s = PROBE.decode(hdtf).frames().stream()
        .filter(f -> f.timestampMs() == 2000).findFirst().orElseThrow();
    try (Mat first = TestMedia.decodeImage(d.frames().get(0).jpeg());
         Mat source = TestMedia.decodeImage(at2s.jpeg())) {
      assertThat(TestMedia.meanDifference(first, source)).isLessThan(6);
    }
  }

  @Test
  void muxWithoutAudioHasNoAudioStream() throws Exception {
    byte[] clip = VideoFixtures.mux(TestData.bytes(GRID), null, 0, 3.0);

    assertThat(hasAudioStream(clip)).isFalse();
    assertThat(measure(PROBE, clip).durationMs()).isCloseTo(3000, within(40L));
  }

  @Test
  void muxRefusesToRunPastTheClip() {
    assertThatThrownBy(() -> VideoFixtures.mux(TestData.bytes(GRID), null, 1.0, 3.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no frame");
  }

  @Test
  void shiftedAudioIsDelayedInTheVideo() throws Exception {
    short[] speech = VideoFixtures.audio16k(TestData.bytes(GRID));
    byte[] late = VideoFixtures.mux(TestData.bytes(GRID), VideoFixtures.shifted(speech, 0.2), 0, 3.0);

    short[] pcm = pcm(PROBE.decode(late));
    assertThat(TestMedia.lag(speech, pcm, 4000)).isCloseTo(RATE / 5, within(16));
  }

  // ---------------------------------------------------------------- composed videos

  @Test
  void sideBySideShowsTwoFacesWithTheFirstClipsAudio() throws Exception {
    byte[] clip = VideoFixtures.sideBySide(TestData.bytes(GRID), TestData.bytes(GRID_OTHER), 3.0);
    VideoProbe.Decoded d = PROBE.decode(clip);

    assertThat(d.result().width()).isEqualTo(720);
    assertThat(d.result().height()).isEqualTo(288);
    assertThat(d.result().durationMs()).isCloseTo(3000, within(40L));
    assertThat(d.result().hasAudio()).isTrue();
    List<FaceBox> faces = faces(d.frames().get(d.frames().size() / 2));
    assertThat(faces).hasSize(2);
    // one in each half of the (640 px wide) sampled frame
    assertThat(faces).anyMatch(f -> f.x() + f.width() < 320).anyMatch(f -> f.x() > 320);
  }

  @Test
  void noFaceIsLongerThanItsSourceAndHasNoFaceAnywhere() throws Exception {
    byte[] clip = VideoFixtures.noFace(5.0, VideoFixtures.silence(5.0));
    VideoProbe.Decoded d = PROBE.decode(clip);

    assertThat(d.result().durationMs()).isCloseTo(5000, within(40L));
    assertThat(d.result().width()).isEqualTo(VideoFixtures.NO_FACE_WIDTH);
    assertThat(d.result().height()).isEqualTo(VideoFixtures.NO_FACE_HEIGHT);
    assertThat(d.result().hasAudio()).isTrue();
    for (VideoProbe.SampledFrame frame : d.frames()) {
      assertThat(faces(frame)).as("faces at %d ms", frame.timestampMs()).isEmpty();
    }
    assertThat(hasAudioStream(VideoFixtures.noFace(3.0, null))).isFalse();
  }

  @Test
  void scaledCoversTheSizeWithoutLosingTheFace() throws Exception {
    byte[] clip = VideoFixtures.scaled(TestData.bytes(HDTF), 640, 480, 5.0);
    VideoProbe.Decoded d = PROBE.decode(clip);

    assertThat(d.result().width()).isEqualTo(640);
    assertThat(d.result().height()).isEqualTo(480);
    assertThat(d.result().durationMs()).isCloseTo(5000, within(40L));
    assertThat(d.result().hasAudio()).isTrue();
    assertThat(faces(d.frames().get(0))).hasSize(1);
    assertThat(faces(d.frames().get(d.frames().size() - 1))).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {90, 180, 270})
  void rotatedStoresTurnedFramesAndTheDisplayRotation(int degrees) throws Exception {
    byte[] clip = VideoFixtures.rotated(TestData.bytes(GRID), degrees);

    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(clip))) {
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(degrees == 180 ? 360 : 288);
      assertThat(grabber.getImageHeight()).isEqualTo(degrees == 180 ? 288 : 360);
      // javacv reports FFmpeg's counterclockwise angle
      assertThat(Math.floorMod(-Math.round(grabber.getDisplayRotation()), 360)).isEqualTo(degrees);
      assertThat(grabber.hasAudio()).isTrue();
    }
    VideoProbe.Decoded d = PROBE.decode(clip);
    assertThat(d.result().durationMs()).isCloseTo(3000, within(40L));
    // turned upright by the decode stage, the face is found again
    assertThat(faces(d.frames().get(10))).hasSize(1);
  }

  @Test
  void rotatedRefusesOtherAngles() {
    assertThatThrownBy(() -> VideoFixtures.rotated(TestData.bytes(GRID), 45))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- helpers

  private static List<FaceBox> faces(VideoProbe.SampledFrame frame) {
    try (Mat image = TestMedia.decodeImage(frame.jpeg())) {
      return FaceTestSupport.engine().detect(image);
    }
  }

  private static boolean hasAudioStream(byte[] media) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(media))) {
      grabber.start();
      return grabber.hasAudio();
    }
  }

  /** Mean square sample value over [from, to). */
  private static double energy(short[] pcm, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) pcm[i] * pcm[i];
    }
    return sum / Math.max(1, to - from);
  }
}
