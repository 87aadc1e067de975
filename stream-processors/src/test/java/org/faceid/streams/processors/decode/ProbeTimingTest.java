package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how long one probe takes on real media after warm-up (median of 15 runs) and logs it.
 * The bounds asserted are deliberately loose (a slow CI machine must pass); the log line is the
 * measurement.
 */
class ProbeTimingTest {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeTimingTest.class);

    private final VideoProbe videoProbe = new VideoProbe(Duration.ofSeconds(10));
    private final ImageProbe imageProbe = new ImageProbe();

    @Test
    void probeTimesOnRealMedia() throws Exception {
        byte[] grid = TestData.bytes("av/grid/bbaf2n.mpg");
        byte[] hdtf = TestData.bytes("av/hdtf/WDA_KatieHill_000.mp4");
        byte[] jpeg = TestData.bytes("faces/rick/rick2.jpg");

        double gridMs = medianMillis(() -> videoProbe.probe(grid));
        double hdtfMs = medianMillis(() -> videoProbe.probe(hdtf));
        double jpegMs = medianMillis(() -> imageProbe.probe(jpeg));
        LOG.info(String.format("probe times (median of 15 after warm-up): grid mpg 3 s 360x288: %.1f ms,"
                + " hdtf mp4 8 s 512x512: %.1f ms, jpeg 1120x630: %.2f ms", gridMs, hdtfMs, jpegMs));

        assertThat(gridMs).isLessThan(1000);
        assertThat(hdtfMs).isLessThan(3000);
        assertThat(jpegMs).isLessThan(500);
    }

    private interface Probe {
        void run() throws Exception;
    }

    private static double medianMillis(Probe probe) throws Exception {
        for (int i = 0; i < 5; i++) {
            probe.run();
        }
        long[] nanos = new long[15];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            probe.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }
}
