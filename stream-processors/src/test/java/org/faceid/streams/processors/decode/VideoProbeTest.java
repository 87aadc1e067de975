package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @BeforeAll
    static void generateFixtures() {
        byte[] hdtf = TestData.bytes(HDTF);
        silent4s = TestMedia.clip(hdtf, 4.0, false, "mp4");
        audio2s = TestMedia.clip(hdtf, 2.0, true, "mp4");
        audio4500ms = TestMedia.clip(hdtf, 4.5, true, "mp4");
        mkv4s = TestMedia.clip(hdtf, 4.0, true, "matroska");
        faststart4s = TestMedia.faststartMp4(hdtf, 4.0, true);
        fragmented4s = TestMedia.clip(hdtf, 4.0, true, "mp4", Map.of("movflags", "+frag_keyframe+empty_moov"));
    }

    // ---------------------------------------------------------------- real clips

    @ParameterizedTest
    @ValueSource(strings = {"bbaf2n.mpg", "brbk7n.mpg", "lwbsza.mpg", "swiz3n.mpg"})
    void gridClipsAreThreeSecondsWithAudio(String name) throws Exception {
        VideoProbe.Result r = PROBE.probe(TestData.bytes("av/grid/" + name));

        assertThat(r.durationMs()).isCloseTo(3000, within(80L));
        assertThat(r.hasAudio()).isTrue();
        assertThat(r.width()).isEqualTo(360);
        assertThat(r.height()).isEqualTo(288);
        assertThat(r.frameCount()).isEqualTo(75);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WDA_AlexandriaOcasioCortez_000.mp4", "WDA_KatieHill_000.mp4"})
    void hdtfClipsAreEightSecondsWithAudio(String name) throws Exception {
        VideoProbe.Result r = PROBE.probe(TestData.bytes("av/hdtf/" + name));

        assertThat(r.durationMs()).isCloseTo(8000, within(80L));
        assertThat(r.hasAudio()).isTrue();
        assertThat(r.width()).isEqualTo(512);
        assertThat(r.height()).isEqualTo(512);
        assertThat(r.frameCount()).isEqualTo(200);
    }

    @Test
    void hamiltonDurationIsTheVideosNotTheLongerAudioTrack() throws Exception {
        // H.264 640x360 at 29.97 fps, 275 frames = 9.18 s; its AAC track runs to 10.0 s.
        VideoProbe.Result r = PROBE.probe(TestData.bytes(HAMILTON));

        assertThat(r.durationMs()).isCloseTo(9176, within(80L));
        assertThat(r.hasAudio()).isTrue();
        assertThat(r.width()).isEqualTo(640);
        assertThat(r.height()).isEqualTo(360);
        assertThat(r.frameCount()).isEqualTo(275);
    }

    // ---------------------------------------------------------------- generated clips

    @Test
    void silentClipHasNoAudio() throws Exception {
        VideoProbe.Result r = PROBE.probe(silent4s);

        assertThat(r.durationMs()).isCloseTo(4000, within(80L));
        assertThat(r.hasAudio()).isFalse();
        assertThat(r.frameCount()).isEqualTo(100);
        assertThat(r.width()).isEqualTo(512);
        assertThat(r.height()).isEqualTo(512);
    }

    @Test
    void twoSecondClipWithAudio() throws Exception {
        VideoProbe.Result r = PROBE.probe(audio2s);

        assertThat(r.durationMs()).isCloseTo(2000, within(80L));
        assertThat(r.hasAudio()).isTrue();
        assertThat(r.frameCount()).isEqualTo(50);
    }

    @Test
    void fourAndAHalfSecondClipWithAudio() throws Exception {
        // Frames with timestamps below 4.5 s: 0 .. 4.48 s, 113 frames, so 4.52 s of video.
        VideoProbe.Result r = PROBE.probe(audio4500ms);

        assertThat(r.durationMs()).isCloseTo(4500, within(80L));
        assertThat(r.hasAudio()).isTrue();
        assertThat(r.frameCount()).isEqualTo(113);
    }

    @Test
    void otherContainersOfTheSameContent() throws Exception {
        for (byte[] clip : List.of(mkv4s, faststart4s)) {
            VideoProbe.Result r = PROBE.probe(clip);
            assertThat(r.durationMs()).isCloseTo(4000, within(80L));
            assertThat(r.hasAudio()).isTrue();
            assertThat(r.frameCount()).isEqualTo(100);
        }
        // Fragmented MP4 (moov without samples, then moof/mdat pairs): 4.06 s measured.
        assertThat(PROBE.probe(fragmented4s).durationMs()).isCloseTo(4000, within(80L));
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
        assertThatThrownBy(() -> PROBE.probe(TestMedia.truncate(TestData.bytes(HAMILTON), 0.99)))
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
        assertThatThrownBy(() -> PROBE.probe(TestMedia.truncate(faststart4s, fraction)))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> PROBE.probe(TestMedia.truncate(fragmented4s, fraction)))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.8})
    void matroskaCoveringClearlyLessThanItsStatedDurationIsRefused(double fraction) {
        assertThatThrownBy(() -> PROBE.probe(TestMedia.truncate(mkv4s, fraction)))
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
        assertThatThrownBy(() -> PROBE.probe(TestData.bytes("faces/rick/rick1.jpg")))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("still image");
        assertThatThrownBy(() -> PROBE.probe(TestData.bytes("faces/amy/amy1.png")))
                .isInstanceOf(UnsupportedMediaException.class);
        assertThatThrownBy(() -> PROBE.probe(TestData.bytes("speech/vosk-api/test.wav")))
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
            assertThatThrownBy(() -> PROBE.probe(concat.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(UnsupportedMediaException.class);

            String target = segment.toAbsolutePath().toString();
            String hls = "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nfile://" + target + "\n#EXT-X-ENDLIST\n";
            assertThatThrownBy(() -> PROBE.probe(hls.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(UnsupportedMediaException.class);
        } finally {
            Files.deleteIfExists(segment);
        }
    }

    // ---------------------------------------------------------------- bounds

    @Test
    void decodeTimeLimitStopsTheProbe() {
        VideoProbe impatient = new VideoProbe(Duration.ofMillis(1));
        assertThatThrownBy(() -> impatient.probe(TestData.bytes(HDTF)))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("within 1 ms");
    }

    @Test
    void frameCapStopsTheProbe() {
        VideoProbe capped = new VideoProbe(Duration.ofSeconds(10), 50);
        assertThatThrownBy(() -> capped.probe(TestData.bytes(GRID)))
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
                VideoProbe.Result r = PROBE.probe(data);
                assertThat(r.frameCount()).isPositive();
                assertThat(r.durationMs()).isPositive();
            } catch (UnsupportedMediaException expected) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
        // still fully working afterwards
        assertThat(PROBE.probe(TestData.bytes(GRID)).frameCount()).isEqualTo(75);
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
                results.add(pool.submit(() -> PROBE.probe(input)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().frameCount()).isEqualTo(i % 2 == 0 ? 75 : 200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertRefused(byte[] data) {
        assertThatThrownBy(() -> PROBE.probe(data)).isInstanceOf(UnsupportedMediaException.class);
    }
}
