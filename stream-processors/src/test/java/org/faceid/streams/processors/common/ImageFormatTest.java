package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  @Test
  void aPngIsRecognisedByItsWholeEightByteSignature() {
    assertThat(ImageFormat.sniff(Arrays.copyOf(PNG_SIGNATURE, 64))).isEqualTo(ImageFormat.PNG);
  }

  @Test
  void aPngSignatureMangledByATextModeTransferIsNoImage() {
    byte[] crlfToLf = {(byte) 0x89, 'P', 'N', 'G', 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    assertThat(ImageFormat.sniff(crlfToLf)).isNull();
    assertThat(ImageFormat.sniff(Arrays.copyOf(PNG_SIGNATURE, 4))).as("the first four bytes alone").isNull();
  }

  @Test
  void gifNeedsItsVersionAndBmpRoomForItsHeaders() {
    assertThat(ImageFormat.sniff(Arrays.copyOf("GIF89a".getBytes(), 32))).isEqualTo(ImageFormat.GIF);
    assertThat(ImageFormat.sniff(Arrays.copyOf("GIF88a".getBytes(), 32))).isNull();
    assertThat(ImageFormat.sniff(Arrays.copyOf("BM".getBytes(), 26))).isEqualTo(ImageFormat.BMP);
    assertThat(ImageFormat.sniff(Arrays.copyOf("BM".getBytes(), 25))).isNull();
  }

  @Test
  void jpegTiffAndWebpByTheirMagicBytesAndTheirLabelsAreLowerCase() {
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(new byte[] {'I', 'I', 0x2A, 0x00, 8, 0, 0, 0})).isEqualTo(ImageFormat.TIFF);
    assertThat(ImageFormat.sniff(new byte[] {'M', 'M', 0x00, 0x2A, 0, 0, 0, 8})).isEqualTo(ImageFormat.TIFF);
    assertThat(ImageFormat.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes())).isEqualTo(ImageFormat.WEBP);
    assertThat(ImageFormat.sniff("RIFF\0\0\0\0WAVEfmt ".getBytes())).isNull();
    assertThat(ImageFormat.WEBP.label()).isEqualTo("webp");
  }
}
