package org.faceid.streams.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.TestMedia;

/** Uploads for the end-to-end scenarios: real clips and photos, or fixtures cut from them. */
final class Media {

  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
  private static final String HDTF = "av/hdtf/WDA_KatieHill_000.mp4";

  private Media() {}

  private static byte[] cached(String name, Supplier<byte[]> make) {
    return CACHE.computeIfAbsent(name, n -> make.get());
  }

  /** GRID: one speaker, 3.00 s, 360x288, with its own speech. */
  static byte[] gridClip() {
    return TestData.bytes("av/grid/bbaf2n.mpg");
  }

  /** HDTF interview crop: 8 s with audio, too long for either video call. */
  static byte[] hdtfClip() {
    return TestData.bytes(HDTF);
  }

  static byte[] twoSecondClip() {
    return cached("two", () -> TestMedia.clip(hdtfClip(), 2.0, true, "mp4"));
  }

  static byte[] silentClip() {
    return cached("silent", () -> TestMedia.clip(hdtfClip(), 4.0, false, "mp4"));
  }

  static byte[] silentTwoSecondClip() {
    return cached("silent-two", () -> TestMedia.clip(hdtfClip(), 2.0, false, "mp4"));
  }

  static byte[] facePhoto() {
    return TestData.bytes("faces/rick/rick1.jpg");
  }

  /** A real photo stretched past 4096 px on one side, still far under the 2 MB upload limit. */
  static byte[] oversizedImage() {
    return cached("oversized", () -> TestMedia.resizedImage(facePhoto(), 4200, 600, ".jpg"));
  }

  static byte[] truncated(byte[] media) {
    return TestMedia.truncate(media, 0.5);
  }

  static byte[] garbage(int length) {
    return TestMedia.randomBytes(length, length);
  }
}
