package org.faceid.streams.processors.common;

import java.util.Locale;

/**
 * The image formats the service accepts, recognised by their magic bytes (never by a file name):
 * the one sniffer of the decode stage's probe and the face engine's decoder, so both accept the
 * same bytes.
 */
public enum ImageFormat {
  JPEG, PNG, GIF, WEBP, TIFF, BMP;

  /** The whole PNG signature: its 8 bytes also catch a file mangled by a text-mode transfer. */
  private static final int[] PNG_SIGNATURE = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  /** A BMP's file header and the smallest (OS/2) info header: shorter cannot hold a size. */
  private static final int BMP_MIN_BYTES = 26;

  /** The lower-case name (jpeg, png, gif, webp, tiff, bmp), as events and metadata carry it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named by the magic bytes, or null when none of the accepted ones. */
  public static ImageFormat sniff(byte[] b) {
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    if (startsWith(b, 0, PNG_SIGNATURE)) {
      return PNG;
    }
    if (startsWith(b, 0, 'G', 'I', 'F', '8') && b.length > 5 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
      return GIF;
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00) || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)) {
      return TIFF;
    }
    if (startsWith(b, 0, 'B', 'M') && b.length >= BMP_MIN_BYTES) {
      return BMP;
    }
    return null;
  }

  /** Whether {@code b} holds the bytes {@code magic} at {@code offset}. */
  public static boolean startsWith(byte[] b, int offset, int... magic) {
    if (b.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
