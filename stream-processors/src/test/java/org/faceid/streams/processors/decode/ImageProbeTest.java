package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageProbeTest {

  private static final ImageProbe PROBE = new ImageProbe();

  /** A real colour photo, baseline JPEG, 600x300. */
  private static final String RICK = "faces/rick/rick1.jpg";

  // ---------------------------------------------------------------- real photos

  @ParameterizedTest
  @CsvSource({
    "faces/rick/rick1.jpg,     jpeg, 600,  300",
    "faces/rick/rick4.jpg,     jpeg, 524,  640",  // progressive, portrait
    "faces/daryl/daryl1.jpg,   jpeg, 615,  411",  // progressive
    "faces/daryl/daryl2.jpg,   jpeg, 446,  299",  // EXIF
    "faces/negan/negan2.jpg,   jpeg, 886,  497",  // EXIF says 1916x1076: the stored image wins
    "faces/rick/rick2.jpg,     jpeg, 1120, 630",
    "faces/amy/amy1.png,       png,  150,  150",  // 8-bit grey
    "spoof/hyperfas/fake_screen.png, png, 934, 1004", // RGBA
  })
  void realImagesReportFormatAndTrueSize(String file, String format, int width, int height) throws Exception {
    ImageProbe.Result r = PROBE.probe(TestData.bytes(file));

    assertThat(r).isEqualTo(new ImageProbe.Result(format, width, height, true));
  }

  @Test
  void exifOrientationIsNotApplied() throws Exception {
    // Stored 640x480 with Orientation=6 (displayed 480x640): the stored raster size is reported.
    assertThat(PROBE.probe(TestData.bytes("spoof/minivision/image_F1.jpg")))
        .isEqualTo(new ImageProbe.Result("jpeg", 640, 480, true));
  }

  @ParameterizedTest
  @CsvSource({".png, png", ".bmp, bmp", ".tiff, tiff", ".webp, webp", ".gif, gif", ".jpg, jpeg"})
  void otherFormatsOfARealPhoto(String extension, String format) throws Exception {
    byte[] encoded = TestMedia.reencode(TestData.bytes(RICK), extension);

    assertThat(PROBE.probe(encoded)).isEqualTo(new ImageProbe.Result(format, 600, 300, true));
  }

  // ---------------------------------------------------------------- oversized

  @ParameterizedTest
  @CsvSource({".jpg, jpeg", ".png, png"})
  void oversizedImageReportsItsSizeWithoutDecoding(String extension, String format) throws Exception {
    byte[] big = TestMedia.resizedImage(TestData.bytes(RICK), 5000, 3000, extension);

    assertThat(PROBE.probe(big)).isEqualTo(new ImageProbe.Result(format, 5000, 3000, false));
  }

  @Test
  void oversizedWebpReportsItsSizeWithoutDecoding() throws Exception {
    // Narrow, because libwebp needs seconds to encode 5000x3000.
    byte[] big = TestMedia.resizedImage(TestData.bytes(RICK), 5000, 300, ".webp");

    assertThat(PROBE.probe(big)).isEqualTo(new ImageProbe.Result("webp", 5000, 300, false));
  }

  @Test
  void largestDecodedSideIsInclusive() throws Exception {
    byte[] edge = TestMedia.resizedImage(TestData.bytes(RICK), 4096, 1024, ".jpg");

    assertThat(PROBE.probe(edge)).isEqualTo(new ImageProbe.Result("jpeg", 4096, 1024, true));
  }

  @Test
  void decompressionBombIsMeasuredNotDecoded() throws Exception {
    // A 100 000 x 100 000 PNG header (40 GB of RGBA) followed by IEND: a decoder would try to
    // allocate it; the probe only reads IHDR.
    byte[] bomb = pngWithHeaderOnly(100_000, 100_000);
    long start = System.nanoTime();

    ImageProbe.Result r = PROBE.probe(bomb);

    assertThat(r).isEqualTo(new ImageProbe.Result("png", 100_000, 100_000, false));
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }

  @Test
  void maxDecodeSideIsConfigurable() throws Exception {
    assertThat(new ImageProbe(500).probe(TestData.bytes(RICK)))
        .isEqualTo(new ImageProbe.Result("jpeg", 600, 300, false));
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void emptyRandomAndTextBytesAreRefused() {
    assertRefused(new byte[0]);
    assertRefused(new byte[] {(byte) 0xFF});
    for (int size : new int[] {4, 100, 10_000, 500_000}) {
      assertRefused(TestMedia.randomBytes(size, size));
    }
    assertRefused("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.US_ASCII));
    assertRefused(TestData.bytes("av/grid/bbaf2n.mpg"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.9, 0.99, 0.999})
  void truncatedJpegIsRefused(double fraction) {
    assertRefused(TestMedia.truncate(TestData.bytes(RICK), fraction));
    assertRefused(TestMedia.truncate(TestData.bytes("faces/daryl/daryl1.jpg"), fraction)); // progressive
  }

  @Test
  void jpegMissingOnlyItsEndMarkerIsRefused() {
    // OpenCV 4.13 decodes this without complaint (all MCUs are there); only the structure walk
    // to the EOI marker (FF D9) sees that the upload stopped short.
    byte[] jpeg = TestData.bytes(RICK);
    assertThat(Arrays.copyOfRange(jpeg, jpeg.length - 2, jpeg.length)).containsExactly(0xFF, 0xD9);

    assertThatThrownBy(() -> PROBE.probe(Arrays.copyOf(jpeg, jpeg.length - 2)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("EOI");
  }

  @Test
  void bytesAfterTheJpegEndMarkerAreAllowed() throws Exception {
    // Some cameras append data (e.g. a second image or a vendor trailer) after EOI.
    byte[] jpeg = TestData.bytes(RICK);
    byte[] trailer = Arrays.copyOf(jpeg, jpeg.length + 1000);
    Arrays.fill(trailer, jpeg.length, trailer.length, (byte) 0x5A);

    assertThat(PROBE.probe(trailer)).isEqualTo(new ImageProbe.Result("jpeg", 600, 300, true));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.9, 0.99})
  void truncatedPngIsRefused(double fraction) {
    assertRefused(TestMedia.truncate(TestData.bytes("spoof/hyperfas/fake_screen.png"), fraction));
    assertRefused(TestMedia.truncate(TestData.bytes("faces/amy/amy1.png"), fraction));
  }

  @Test
  void pngMissingOnlyItsEndChunkIsRefused() {
    byte[] png = TestData.bytes("faces/amy/amy1.png");
    assertThatThrownBy(() -> PROBE.probe(Arrays.copyOf(png, png.length - 12)))
        .isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("IEND");
  }

  @ParameterizedTest
  @CsvSource({".bmp, 0.5", ".bmp, 0.99", ".tiff, 0.5", ".tiff, 0.99", ".webp, 0.5", ".webp, 0.99",
    ".gif, 0.5", ".gif, 0.99", ".gif, 0.9999"})
  void truncatedOtherFormatsAreRefused(String extension, double fraction) {
    byte[] encoded = TestMedia.reencode(TestData.bytes(RICK), extension);
    assertRefused(TestMedia.truncate(encoded, fraction));
  }

  @Test
  void inspectRunsEveryCheckButThePixelDecode() throws Exception {
    byte[] rick = TestData.bytes(RICK);
    assertThat(PROBE.inspect(rick)).isEqualTo(new ImageProbe.Result("jpeg", 600, 300, false));
    assertThatThrownBy(() -> PROBE.inspect(TestMedia.truncate(rick, 0.5))).isInstanceOf(UnsupportedMediaException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> PROBE.inspect(TestMedia.randomBytes(1_000, 5))).isInstanceOf(UnsupportedMediaException.class);
    assertThat(PROBE.inspect(TestMedia.resizedImage(rick, 5000, 300, ".png")))
        .isEqualTo(new ImageProbe.Result("png", 5000, 300, false));
    // A cut BMP has no structure to walk: its header reads, and only a decode refuses it (the caller's).
    byte[] cutBmp = TestMedia.truncate(TestMedia.reencode(rick, ".bmp"), 0.5);
    assertThat(PROBE.inspect(cutBmp)).isEqualTo(new ImageProbe.Result("bmp", 600, 300, false));
    assertRefused(cutBmp);
  }

  @Test
  void jpegHeaderWithoutImageDataIsRefused() {
    byte[] jpeg = TestData.bytes(RICK);
    int sos = indexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
    assertRefused(Arrays.copyOf(jpeg, sos + 2));
  }

  @Test
  void mutatedImagesNeverCrash() throws Exception {
    byte[] rick = TestData.bytes(RICK);
    List<byte[]> sources = List.of(rick, TestData.bytes("faces/daryl/daryl1.jpg"),
        TestData.bytes("spoof/hyperfas/fake_screen.png"), TestMedia.reencode(rick, ".gif"),
        TestMedia.reencode(rick, ".webp"), TestMedia.reencode(rick, ".bmp"), TestMedia.reencode(rick, ".tiff"));
    Random random = new Random(99);
    int refused = 0;
    for (int round = 0; round < 140; round++) {
      byte[] data = sources.get(round % sources.size()).clone();
      int hits = 1 + random.nextInt(4);
      for (int h = 0; h < hits; h++) {
        int at = random.nextInt(data.length);
        int len = 1 + random.nextInt(Math.min(32, data.length - at));
        for (int i = 0; i < len; i++) {
          data[at + i] = (byte) random.nextInt();
        }
      }
      try {
        ImageProbe.Result r = PROBE.probe(data);
        assertThat(r.width()).isPositive();
        assertThat(r.height()).isPositive();
      } catch (UnsupportedMediaException expected) {
        refused++;
      }
    }
    assertThat(refused).isPositive();
    assertThat(PROBE.probe(rick)).isEqualTo(new ImageProbe.Result("jpeg", 600, 300, true));
  }

  // ---------------------------------------------------------------- helpers

  private static void assertRefused(byte[] data) {
    assertThatThrownBy(() -> PROBE.probe(data)).isInstanceOf(UnsupportedMediaException.class);
  }

  private static int indexOf(byte[] data, byte a, byte b) {
    for (int i = 0; i + 1 < data.length; i++) {
      if (data[i] == a && data[i + 1] == b) {
        return i;
      }
    }
    throw new AssertionError("marker not found");
  }

  /** PNG signature, an IHDR chunk for an 8-bit RGBA image of the given size, and IEND. */
  private static byte[] pngWithHeaderOnly(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    chunk(out, "IHDR", ihdr);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    putInt(len, 0, data.length);
    out.writeBytes(len);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
