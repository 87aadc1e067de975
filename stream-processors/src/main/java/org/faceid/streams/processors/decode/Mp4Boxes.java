package org.faceid.streams.processors.decode;

import java.nio.charset.StandardCharsets;

/** Structural check of ISO base media files (MP4, MOV, 3GP): the top-level boxes. */
final class Mp4Boxes {

  private Mp4Boxes() {}

  /**
   * Walks the top-level boxes and returns why the file is cut short, or null when every box
   * lies inside it. A truncated MP4 is otherwise partly readable: the demuxer silently drops
   * a track whose {@code trak} box was cut (the audio, typically, when {@code moov} is at the
   * end) or the last fragment of a fragmented file.
   */
  static String truncation(byte[] data) {
    long length = data.length;
    long pos = 0;
    while (length - pos >= 8) {
      long size = readUnsigned(data, (int) pos, 4);
      String type = new String(data, (int) pos + 4, 4, StandardCharsets.ISO_8859_1);
      long header = 8;
      if (size == 1) {
        if (length - pos < 16) {
          return "box '" + type + "' header is cut at offset " + pos;
        }
        size = readUnsigned(data, (int) pos + 8, 8);
        header = 16;
      } else if (size == 0) {
        return null; // last box, extends to the end of the file
      }
      if (size < header) {
        return "invalid size " + size + " of box '" + type + "' at offset " + pos;
      }
      if (size > length - pos) {
        return "box '" + type + "' at offset " + pos + " needs " + size + " bytes, only "
            + (length - pos) + " present";
      }
      pos += size;
    }
    return null; // fewer than 8 bytes of padding may follow the last box
  }

  private static long readUnsigned(byte[] b, int off, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v < 0 ? Long.MAX_VALUE : v;
  }
}
