package org.faceid.streams.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.faceid.streams.processors.decode.AudioBomb;
import org.faceid.streams.processors.decode.DecodedClips;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.TestMedia;
import org.faceid.streams.processors.decode.VideoFixtures;
import org.faceid.streams.processors.face.FaceFixtures;
import org.faceid.streams.processors.signals.RevoicedSpeech;

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

  /** 2.5 s of the HDTF interview without sound: a validate_still upload. */
  static byte[] stillClip() {
    return cached("still", () -> TestMedia.clip(hdtfClip(), 2.5, false, "mp4"));
  }

  /** A frame from the end of the same interview (7.9 s), as a reference photo of that person. */
  static byte[] laterFrameOfStillClip() {
    return cached("later-frame", () -> DecodedClips.frames(hdtfClip()).getLast().getJpeg().array());
  }

  /** A faceless background of a real clip with real speech. */
  static byte[] noFaceClip(double seconds) {
    return cached("no-face-clip " + seconds, () -> VideoFixtures.noFace(seconds, VideoFixtures.audio16k(gridClip())));
  }

  /** Two GRID speakers side by side with the first one's speech. */
  static byte[] twoFacesClip() {
    return cached("two-faces-clip", () -> VideoFixtures.sideBySide(gridClip(), TestData.bytes("av/grid/swiz3n.mpg"), 2.9));
  }

  /** The GRID speaker whose face reads the digits in {@link #reading}. */
  static final String READER = "av/grid/lwbsza.mpg";

  /**
   * The GRID speaker reading {@code digits} (FSDD speaker theo's takes, the face re-timed to
   * articulate them), at least {@code seconds} long.
   */
  static byte[] reading(String digits, double seconds) {
    return RevoicedSpeech.retimedClip(TestData.bytes(READER), digits, "theo", 3, seconds);
  }

  /** The same reading, 4 s, as Chromium's MediaRecorder writes it (live WebM, no stated duration). */
  static byte[] browserRecording(String digits) {
    return TestMedia.liveWebm(reading(digits, 4.0), 4.0);
  }

  /** The same reading with its sound one second late. */
  static byte[] lateReading(String digits) {
    byte[] clip = reading(digits, 4.5);
    return VideoFixtures.mux(clip, VideoFixtures.shifted(VideoFixtures.audio16k(clip), 1.0), 0, 4.5);
  }

  /** A frame of the reader's own clip (1.2 s in), as a reference photo of that person. */
  static byte[] readerPhoto() {
    return cached("reader-photo", () -> DecodedClips.frames(TestData.bytes(READER)).get(15).getJpeg().array());
  }

  static byte[] silentTwoSecondClip() {
    return cached("silent-two", () -> TestMedia.clip(hdtfClip(), 2.0, false, "mp4"));
  }

  /** Issue 10's 2.5 s MKV whose FLAC packets hold 65,535 samples each, stamped 1 ms apart. */
  static byte[] audioBomb() {
    return cached("audio-bomb", () -> AudioBomb.mkv(2.5));
  }

  static final String RICK_FRONT = "faces/rick/rick1.jpg";
  static final String RICK_SIDE = "faces/rick/rick2.jpg";
  static final String RICK_OTHER = "faces/rick/rick3.jpg";
  static final String DARYL = "faces/daryl/daryl3.jpg";
  static final String DARYL_SIDE = "faces/daryl/daryl1.jpg";

  static byte[] photo(String testdata) {
    return FaceFixtures.photo(testdata);
  }

  static byte[] asPng(String testdata) {
    return cached("png " + testdata, () -> FaceFixtures.asPng(testdata));
  }

  static byte[] twoPeople() {
    return cached("two-people", () -> FaceFixtures.twoPeople(RICK_FRONT, DARYL));
  }

  static byte[] noFace() {
    return cached("no-face", FaceFixtures::noFace);
  }

  static byte[] blurred() {
    return cached("blurred", () -> FaceFixtures.blurred(DARYL));
  }

  static byte[] darkened() {
    return cached("dark", () -> FaceFixtures.relit(RICK_FRONT, 0.25, 0));
  }

  static byte[] inCorner() {
    return cached("corner", () -> FaceFixtures.inCorner(DARYL));
  }

  static byte[] upsideDown() {
    return cached("upside-down", () -> FaceFixtures.rotated(RICK_FRONT, 180));
  }

  /** Found by the detector only when turned back (multi_oriented_detection). */
  static byte[] turnedReference() {
    return cached("turned", () -> FaceFixtures.rotated(RICK_OTHER, 90));
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
