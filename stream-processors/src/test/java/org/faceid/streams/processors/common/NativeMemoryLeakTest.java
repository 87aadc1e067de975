package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.Pointer;
import org.faceid.streams.processors.decode.DecodedClips;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.VideoProbe;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.liveness.VideoFaceAnalyzer;
import org.faceid.streams.schema.VideoFrame;
import org.junit.jupiter.api.Test;

/**
 * The same work 50 times leaves JavaCPP's count of live native allocations (every Mat, Rect, Size,
 * Scalar, packet, frame and buffer not yet freed) where it was, twice over: right after the work,
 * before any collection is asked for (each call frees what it allocated: try-with-resources, not
 * the garbage collector, whose timing native memory does not drive), and after a collection has run
 * JavaCPP's deallocators (nothing reachable grows with the work: no cache, list or pool).
 */
class NativeMemoryLeakTest {

  private static final int RUNS = 50;
  private static final String GRID = "av/grid/bbaf2n.mpg";

  private static <T> void assertFlat(String what, T input, Consumer<T> work) {
    for (int i = 0; i < 3; i++) {
      work.accept(input); // caches, lazily loaded natives
    }
    collect();
    long count = Pointer.totalCount();
    long bytes = Pointer.totalBytes();
    for (int i = 0; i < RUNS; i++) {
      work.accept(input);
    }
    long uncollected = Pointer.totalCount() - count;
    collect();
    System.out.printf("%s x%d: native pointers %+d before a collection, %+d after; bytes %+d%n", what, RUNS,
        uncollected, Pointer.totalCount() - count, Pointer.totalBytes() - bytes);
    assertThat(uncollected).as(what + ": native allocations left to the garbage collector").isLessThanOrEqualTo(2);
    assertThat(Pointer.totalCount() - count).as(what + ": native allocations left live").isLessThanOrEqualTo(2);
    assertThat(Pointer.totalBytes() - bytes).as(what + ": native bytes left live").isLessThan(1L << 20);
  }

  /** Until a collection frees nothing more: references reach JavaCPP's queue a little after the GC. */
  private static void collect() {
    long before;
    do {
      before = Pointer.totalCount();
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Pointer.deallocateReferences();
    } while (Pointer.totalCount() < before);
  }

  @Test
  void decodingAVideoFreesWhatItAllocates() {
    VideoProbe probe = new VideoProbe(Duration.ofSeconds(20));
    assertFlat("decode", TestData.bytes(GRID), bytes -> {
      try {
        probe.decode(bytes, 6_100);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void analysingASelfieFreesWhatItAllocates() {
    FaceEngine engine = FaceTestSupport.engine();
    assertFlat("selfie", FaceFixtures.photo("faces/rick/rick1.jpg"), engine::analyzeSelfie);
  }

  @Test
  void analysingVideoFramesFreesWhatItAllocates() {
    VideoFaceAnalyzer analyzer = new VideoFaceAnalyzer(FaceTestSupport.engine());
    List<VideoFrame> frames = DecodedClips.frames(TestData.bytes(GRID)).subList(0, 6);
    assertFlat("liveness frames", frames, f -> analyzer.analyze(f, true));
  }
}
