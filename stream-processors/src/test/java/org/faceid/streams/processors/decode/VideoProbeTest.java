package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.faceid.streams.processors.decode.VideoProbes.measure;
import static org.faceid.streams.processors.decode.VideoProbes.pcm;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoProbeTest {

  private static final VideoProbe PROBE = new VideoProbe(Duration.ofSeconds(10));

  private static final String GRID = "av/grid/bbaf2n.mpg";
  private static final String HDTF = "av/hdtf/WDA_KatieHill_000.mp4";
  private static final String HAMILTON = "av/other/short_hamilton_clip.mp4";

  /** Fixtures cut from a real HDTF clip (512x512, 25 fps, AAC 16 kHz) with javacv. */
  private static byte[] silent4s;
  private static byte[] audio2s;
  private static byte[] audio4500ms;
  private static byte[] mkv4s;
  private static byte[] faststart4s;
  private static byte[] fragmented4s;
  private static byte[] liveWebm4s;

  @BeforeAll
  static void generateFixtures() {
    byte[] hdtf = TestData.bytes(HDTF);
    silent4s = TestMedia.clip(hdtf, 4.0, false, "mp4");
    audio2s = TestMedia.clip(hdtf, 2.0, true, "mp4");
    audio4500ms = TestMedia.clip(hdtf, 4.5, true, "mp4");
    mkv4s = TestMedia.clip(hdtf, 4.0, true, "matroska");
    faststart4s = TestMedia.faststartMp4(hdtf, 4.0, true);
    fragmented4s = TestMedia.clip(hdtf, 4.0, true, "mp4", Map.of("movflags", "+frag_keyframe+empty_moov"));
    liveWebm4s = TestMedia.liveWebm(hdtf, 4.0);
  }

  // ---------------------------------------------------------------- real clips

  @ParameterizedTest
  @ValueSource(strings = {"bbaf2n.mpg", "brbk7n.mpg", "lwbsza.mpg", "swiz3n.mpg"})
  void gridClipsAreThreeSecondsWithAudio(String name) throws Exception {
    VideoProbe.Result r = measure(PROBE, TestData.bytes("av/grid/" + name));

    assertThat(r.durationMs()).isCloseTo(3000, within(80L));
    assertThat(r.hasAudio()).isTrue();
    assertThat(r.width()).isEqualTo(360);
    assertThat(r.height()).isEqualTo(288);
    assertThat(r.frameCount()).isEqualTo(75);
  }

  @ParameterizedTest
  @ValueSource(strings = {"WDA_AlexandriaOcasioCortez_000.mp4", "WDA_KatieHill_000.mp4"})
  void hdtfClipsAreEightSecondsWithAudio(String name) throws Exception {
    VideoProbe.Result r = measure(PROBE, TestData.bytes("av/hdtf/" + name));

    assertThat(r.durationMs()).isCloseTo(8000, within(80L));
    assertThat(r.hasAudio()).isTrue();
    assertThat(r.width()).isEqualTo(512);
    assertThat(r.height()).isEqualTo(512);
    assertThat(r.frameCount()).isEqualTo(200);
  }

  @Test
  void hamiltonDurationIsTheVideosNotTheLongerAudioTrack() throws Exception {
    // H.264 640x360 at 29.97 fps, 275 frames = 9.18 s; its AAC track runs to 10.0 s.
    VideoProbe.Result r = measure(PROBE, TestData.bytes(HAMILTON));

    assertThat(r.durationMs()).isCloseTo(9176, within(80L));
    assertThat(r.hasAudio()).isTrue();
    assertThat(r.width()).isEqualTo(640);
    assertThat(r.height()).isEqualTo(360);
    assertThat(r.frameCount()).isEqualTo(275);
  }

  // ---------------------------------------------------------------- generated clips

  @Test
  void silentClipHasNoAudio() throws Exception {
    VideoProbe.Result r = measure(PROBE, silent4s);

    assertThat(r.durationMs()).isCloseTo(4000, within(80L));
    assertThat(r.hasAudio()).isFalse();
    assertThat(r.frameCount()).isEqualTo(100);
    assertThat(r.width()).isEqualTo(512);
    assertThat(r.height()).isEqualTo(512);
  }

  @Test
  void twoSecondClipWithAudio() throws Exception {
    VideoProbe.Result r = measure(PROBE, audio2s);

    assertThat(r.durationMs()).isCloseTo(2000, within(80L));
    assertThat(r.hasAudio()).isTrue();
    assertThat(r.frameCount()).isEqualTo(50);
  }

  @Test
  void fourAndAHalfSecondClipWithAudio() throws Exception {
    // Frames with timestamps below 4.5 s: 0 .. 4.48 s, 113 frames, so 4.52 s of video.
    VideoProbe.Result r = measure(PROBE, audio4500ms);

    assertThat(r.durationMs()).isCloseTo(4500, within(80L));
    assertThat(r.hasAudio()).isTrue();
    assertThat(r.frameCount()).isEqualTo(113);
  }

  @Test
  void otherContainersOfTheSameContent() throws Exception {
    for (byte[] clip : List.of(mkv4s, faststart4s)) {
      VideoProbe.Result r = measure(PROBE, clip);
      assertThat(r.durationMs()).isCloseTo(4000, within(80L));
      assertThat(r.hasAudio()).isTrue();
      assertThat(r.frameCount()).isEqualTo(100);
    }
    // Fragmented MP4 (moov without samples, then moof/mdat pairs): 4.06 s measured.
    assertThat(measure(PROBE, fragmented4s).durationMs()).isCloseTo(4000, within(80L));
  }

  /** Chromium's MediaRecorder WebM states no duration: the probe measures it from the decoded frames. */
  @Test
  void liveWebmWithoutAStatedDurationIsMeasured() throws Exception {
    int firstCluster = indexOf(liveWebm4s, new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75}, 0);
    assertThat(firstCluster).as("a cluster").isPositive();
    byte[] header = Arrays.copyOf(liveWebm4s, firstCluster);
    assertThat(indexOf(header, new byte[] {0x44, (byte) 0x89}, 0)).as("a Duration element in the header").isNegative();
    assertThat(indexOf(liveWebm4s, new byte[] {0x1C, 0x53, (byte) 0xBB, 0x6B}, 0)).as("a Cues index").isNegative();

    VideoProbe.Result r = measure(PROBE, liveWebm4s);

    assertThat(r.durationMs()).isCloseTo(4000, within(80L));
    assertThat(r.hasAudio()).isTrue();
    assertThat(r.frameCount()).isEqualTo(100);
    assertThat(pcm(PROBE.decode(liveWebm4s, 6000)).length).isCloseTo(4 * VideoProbe.PCM_RATE, within(1600));
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ---------------------------------------------------------------- compact media (decode)

  @Test
  void decodeMeasuresLikeProbeAndSamplesEverySecondFrameOf25Fps() throws Exception {
    byte[] grid = TestData.bytes(GRID);
    VideoProbe.Decoded d = PROBE.decode(grid);

    assertThat(d.result()).isEqualTo(measure(PROBE, grid));
    assertThat(d.rotationDegrees()).isZero();
    // 75 frames at 25 fps, every 2nd kept: 0, 80, ..., 2960 ms.
    assertThat(d.frames()).hasSize(38);
    for (int i = 0; i < d.frames().size(); i++) {
      assertThat(d.frames().get(i).timestampMs()).isEqualTo(80L * i);
    }
    assertJpegs(d, 360, 288);
    // MP2 audio of 2.95-2.98 s, resampled to 16 kHz mono
    assertThat(d.audioPcm().length / 2).isCloseTo(3 * VideoProbe.PCM_RATE, within(800));
  }

  @Test
  void ntscRateKeepsEverySecondFrameAndAudioStartsWithTheVideo() throws Exception {
    // 29.97 fps, 275 frames: 138 kept, 66-67 ms apart. Its audio starts 0.84 s before the first
    // frame and ends with it (10.0 s of audio, 9.18 s of video): the PCM covers the video only.
    VideoProbe.Decoded d = PROBE.decode(TestData.bytes(HAMILTON));

    assertThat(d.frames()).hasSize(138);
    for (int i = 1; i < d.frames().size(); i++) {
      assertThat(d.frames().get(i).timestampMs() - d.frames().get(i - 1).timestampMs()).isBetween(66L, 68L);
    }
    assertJpegs(d, 640, 360);
    assertThat(d.audioPcm().length / 2 / (double) VideoProbe.PCM_RATE).isCloseTo(9.17, within(0.05));
  }

  @Test
  void audioSampleZeroIsTheFirstFramesTime() throws Exception {
    short[] speech = VideoFixtures.audio16k(TestData.bytes(GRID));
    VideoProbe.Decoded d = PROBE.decode(VideoFixtures.mux(TestData.bytes(GRID), speech, 0, 3.0));

    short[] pcm = pcm(d);
    assertThat(pcm.length).isCloseTo(speech.length, within(1100)); // AAC ends on a 1024-sample frame
    assertThat(TestMedia.lag(speech, pcm, 800)).isBetween(-16, 16); // within 1 ms
  }

  @Test
  void largeFramesAreDownscaledToAtMost640() throws Exception {
    byte[] twoFaces = VideoFixtures.sideBySide(TestData.bytes(GRID), TestData.bytes("av/grid/swiz3n.mpg"), 3.0);
    VideoProbe.Decoded d = PROBE.decode(twoFaces);

    assertThat(d.result().width()).isEqualTo(720);
    assertJpegs(d, 640, 256);
  }

  @Test
  void silentVideoHasNoPcm() throws Exception {
    VideoProbe.Decoded d = PROBE.decode(silent4s);

    assertThat(d.result().hasAudio()).isFalse();
    assertThat(d.audioPcm()).isEmpty();
    assertThat(d.frames()).hasSize(50);
  }

  @ParameterizedTest
  @ValueSource(ints = {90, 180, 270})
  void phoneRotationIsUndoneSoFramesComeOutUpright(int degrees) throws Exception {
    byte[] grid = TestData.bytes(GRID);
    VideoProbe.Decoded upright = PROBE.decode(grid);
    VideoProbe.Decoded d = PROBE.decode(VideoFixtures.rotated(grid, degrees));

    assertThat(d.rotationDegrees()).isEqualTo(degrees);
    // stored turned: the measurement reports the stored size
    assertThat(d.result().width()).isEqualTo(degrees == 180 ? 360 : 288);
    assertThat(d.result().height()).isEqualTo(degrees == 180 ? 288 : 360);
    assertThat(d.frames()).hasSameSizeAs(upright.frames());
    assertJpegs(d, 360, 288);
    // the same picture as the original, not a turned one
    try (Mat got = TestMedia.decodeImage(d.frames().get(20).jpeg());
        Mat want = TestMedia.decodeImage(upright.frames().get(20).jpeg());
        Mat turned = new Mat()) {
      rotate(want, turned, ROTATE_180);
      double same = TestMedia.meanDifference(got, want);
      assertThat(same).isLessThan(8);
      assertThat(TestMedia.meanDifference(got, turned)).isGreaterThan(3 * same);
    }
  }

  @Test
  void decodingStopsOnceTheClipRunsLongerThanTheCallerAccepts() throws Exception {
    assertThatThrownBy(() -> PROBE.decode(TestData.bytes(HDTF), 6_100))
        .isInstanceOf(DurationExceededException.class).hasMessageContaining("6100 ms");
    assertThat(PROBE.decode(TestData.bytes(HDTF), 8_100).result().durationMs()).isBetween(7_900L, 8_100L);
  }

  /**
   * Issue 10's audio bomb: 2.5 s of video, FLAC packets of 65,535 samples stamped 1 ms apart. The
   * file is small and plays as a valid clip with audio; decoding its audio as the timestamps allow
   * would take 2,500 x 8.2 s of sound (over 600 MB of 16 kHz PCM). It is refused at its second
   * audio packet, with memory to spare.
   */
  @Test
  void audioWhoseSamplesOutrunItsTimestampsIsRefusedNotExpanded() throws Exception {
    byte[] bomb = AudioBomb.mkv(2.5);
    assertThat(bomb.length).isLessThan(200_000);
    VideoProbe.Result probed = measure(PROBE, bomb);
    assertThat(probed.hasAudio()).isTrue();
    assertThat(probed.durationMs()).isBetween(2_400L, 2_600L);

    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    long start = System.nanoTime();
    assertThatThrownBy(() -> PROBE.decode(bomb, 3_100))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("audio frames hold").hasMessageContaining("of timestamps");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    assertThat(rt.totalMemory() - rt.freeMemory() - before).isLessThan(64L * 1024 * 1024);
  }

  @Test
  void aFiveSecond640x480ClipGivesTwelvePointFiveFramesASecond() throws Exception {
    VideoProbe.Decoded d = PROBE.decode(VideoFixtures.scaled(TestData.bytes(HDTF), 640, 480, 5.0));
    assertThat(d.frames()).hasSize(63);
    assertJpegs(d, 640, 480);
  }

  /** Every sampled frame decodes as a JPEG of the given size; timestamps increase. */
  private static void assertJpegs(VideoProbe.Decoded d, int width, int height) {
    long previous = -1;
    for (VideoProbe.SampledFrame f : d.frames()) {
      assertThat(f.timestampMs()).isGreaterThan(previous);
      previous = f.timestampMs();
      try (Mat image = TestMedia.decodeImage(f.jpeg())) {
        assertThat(image.cols()).isEqualTo(width);
        assertThat(image.rows()).isEqualTo(height);
      }
    }
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void emptyAndRandomBytesAreRefused() {
    assertRefused(new byte[0]);
    assertRefused(new byte[] {0});
    for (int size : new int[] {16, 4096, 100_000, 1_000_000}) {
      assertRefused(TestMedia.randomBytes(size, size));
    }
    assertRefused("definitely not a video".getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.2, 0.5, 0.9, 0.99})
  void truncatedMp4IsRefused(double fraction) {
    // moov is at the end of these files: a cut loses the index.
    assertRefused(TestMedia.truncate(TestData.bytes(HDTF), fraction));
    assertRefused(TestMedia.truncate(TestData.bytes(HAMILTON), fraction));
  }

  @Test
  void mp4CutInsideItsIndexIsRefusedAlthoughFfmpegStillPlaysTheVideo() {
    // Cutting 1% off the Hamilton clip truncates the audio 'trak' inside moov. FFmpeg then opens
    // the file as a complete 9.18 s video *without audio*; only the box structure tells.
    assertThatThrownBy(() -> measure(PROBE, TestMedia.truncate(TestData.bytes(HAMILTON), 0.99)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("truncated");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.2, 0.5, 0.9, 0.99})
  void truncatedMpegPsIsRefused(double fraction) {
    // MPEG-PS has no index or stated duration: the cut shows as a damaged last picture.
    // (A cut exactly at a 2048-byte pack boundary would leave a valid, shorter file.)
    for (String name : List.of("bbaf2n.mpg", "lwbsza.mpg", "swiz3n.mpg")) {
      assertRefused(TestMedia.truncate(TestData.bytes("av/grid/" + name), fraction));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.8, 0.95})
  void truncatedFaststartAndFragmentedMp4AreRefused(double fraction) {
    assertThatThrownBy(() -> measure(PROBE, TestMedia.truncate(faststart4s, fraction)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> measure(PROBE, TestMedia.truncate(fragmented4s, fraction)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("truncated");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.8})
  void matroskaCoveringClearlyLessThanItsStatedDurationIsRefused(double fraction) {
    assertThatThrownBy(() -> measure(PROBE, TestMedia.truncate(mkv4s, fraction)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("truncated: decoded")
        .hasMessageContaining("of the 4000 ms");
  }

  @Test
  void damagedPicturesAreRefused() {
    byte[] grid = TestData.bytes(GRID);
    for (int i = 0; i < 2048; i++) {
      grid[grid.length * 2 / 5 + i] = 0;
    }
    assertRefused(grid);

    byte[] hamilton = TestData.bytes(HAMILTON);
    Random random = new Random(7);
    for (int i = 0; i < 64; i++) {
      hamilton[hamilton.length / 2 + i] = (byte) random.nextInt();
    }
    assertRefused(hamilton);
  }

  @Test
  void stillImagesAndAudioOnlyFilesAreNotVideos() {
    assertThatThrownBy(() -> measure(PROBE, TestData.bytes("faces/rick/rick1.jpg")))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("still image");
    assertThatThrownBy(() -> measure(PROBE, TestData.bytes("faces/amy/amy1.png")))
        .isInstanceOf(UnsupportedMediaException.class);
    assertThatThrownBy(() -> measure(PROBE, TestData.bytes("speech/vosk-api/test.wav")))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("no video stream");
  }

  @Test
  void uploadedScriptsCannotMakeFfmpegOpenServerFiles() throws Exception {
    // A concat script naming a file relative to the working directory: FFmpeg 8's concat demuxer
    // considers "target/x.ts" a safe name and, without the probe's protocol whitelist, opens it
    // and reports that server-side file as the upload (checked while writing this test).
    Path segment = Path.of("target", "probe-concat-" + System.nanoTime() + ".ts");
    Files.createDirectories(segment.getParent());
    Files.write(segment, TestMedia.clip(TestData.bytes(HDTF), 1.0, true, "mpegts"));
    try {
      String concat = "ffconcat version 1.0\nfile '" + segment.toString().replace('\\', '/') + "'\n";
      assertThatThrownBy(() -> measure(PROBE, concat.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(UnsupportedMediaException.class);

      String target = segment.toAbsolutePath().toString();
      String hls = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nfile://" + target + "\n#EXT-X-ENDLIST\n";
      assertThatThrownBy(() -> measure(PROBE, hls.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(UnsupportedMediaException.class);
    } finally {
      Files.deleteIfExists(segment);
    }
  }

  // ---------------------------------------------------------------- bounds

  @Test
  void decodeTimeLimitStopsTheProbe() {
    VideoProbe impatient = new VideoProbe(Duration.ofMillis(1));
    assertThatThrownBy(() -> measure(impatient, TestData.bytes(HDTF)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("within 1 ms");
  }

  @Test
  void frameCapStopsTheProbe() {
    VideoProbe capped = new VideoProbe(Duration.ofSeconds(10), 50);
    assertThatThrownBy(() -> measure(capped, TestData.bytes(GRID)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("more than 50 frames");
  }

  @Test
  void mutatedFilesNeverCrashOrLeak() throws Exception {
    Random random = new Random(20240601);
    List<byte[]> sources = List.of(TestData.bytes(GRID), TestData.bytes(HDTF), TestData.bytes(HAMILTON), audio2s);
    int refused = 0;
    for (int round = 0; round < 40; round++) {
      byte[] data = sources.get(round % sources.size()).clone();
      int hits = 1 + random.nextInt(8);
      for (int h = 0; h < hits; h++) {
        int at = random.nextInt(data.length);
        int len = 1 + random.nextInt(Math.min(256, data.length - at));
        for (int i = 0; i < len; i++) {
          data[at + i] = (byte) random.nextInt();
        }
      }
      try {
        // half the rounds also sample, convert and resample: the native paths of decode()
        VideoProbe.Result r = round % 2 == 0 ? measure(PROBE, data) : PROBE.decode(data).result();
        assertThat(r.frameCount()).isPositive();
        assertThat(r.durationMs()).isPositive();
      } catch (UnsupportedMediaException expected) {
        refused++;
      }
    }
    assertThat(refused).isPositive();
    // still fully working afterwards
    assertThat(measure(PROBE, TestData.bytes(GRID)).frameCount()).isEqualTo(75);
  }

  @Test
  void concurrentProbesAreIndependent() throws Exception {
    byte[] grid = TestData.bytes(GRID);
    byte[] hdtf = TestData.bytes(HDTF);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<VideoProbe.Result>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte[] input = i % 2 == 0 ? grid : hdtf;
        boolean sample = i % 4 < 2;
        results.add(pool.submit(() -> sample ? PROBE.decode(input).result() : measure(PROBE, input)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().frameCount()).isEqualTo(i % 2 == 0 ? 75 : 200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertRefused(byte[] data) {
    assertThatThrownBy(() -> measure(PROBE, data)).isInstanceOf(UnsupportedMediaException.class);
  }
}
