package org.faceid.streams.processors.decode;

import java.nio.charset.StandardCharsets;
import org.faceid.streams.processors.common.ImageFormat;

/**
 * Structure walks of the image formats whose truncation a decoder may hide (JPEG, PNG, GIF, WebP):
 * each reads the stored size from the header and follows the file to its end marker, without
 * decoding a pixel (see {@link ImageProbe} for why).
 */
final class ImageHeaders {

  private ImageHeaders() {}

  private static int u16be(byte[] b, int off) {
    return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
  }

  private static int u16le(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
  }

  private static int u24le(byte[] b, int off) {
    return u16le(b, off) | (b[off + 2] & 0xFF) << 16;
  }

  private static long u32be(byte[] b, int off) {
    return (long) u16be(b, off) << 16 | u16be(b, off + 2);
  }

  private static long u32le(byte[] b, int off) {
    return u16le(b, off) | (long) u16le(b, off + 2) << 16;
  }

  /**
   * Result of a structure walk: the stored size (or -1), the size a decoder will allocate for
   * (at least the stored size; larger for a GIF whose frames exceed its screen), and why the file
   * is incomplete or malformed (null when it is whole).
   */
  record Header(int width, int height, int decodeWidth, int decodeHeight, String damage) {
    static Header of(int width, int height, String damage) {
      return new Header(width, height, width, height, damage);
    }
  }

  /** JPEG: segments up to SOS, entropy-coded data, ... until EOI. */
  static final class Jpeg {
    private Jpeg() {}

    static Header read(byte[] b) {
      int len = b.length;
      int width = -1;
      int height = -1;
      int pos = 2; // after SOI
      while (true) {
        // Find the next marker. Bytes that are not 0xFF here are garbage that libjpeg skips
        // with a warning ("extraneous bytes before marker"); so do we.
        while (pos < len && (b[pos] & 0xFF) != 0xFF) {
          pos++;
        }
        while (pos < len && (b[pos] & 0xFF) == 0xFF) {
          pos++; // fill bytes
        }
        if (pos >= len) {
          return Header.of(width, height, "data ends before the EOI marker");
        }
        int marker = b[pos++] & 0xFF;
        if (marker == 0xD9) {
          return Header.of(width, height, width > 0 ? null : "no frame header (SOF) before EOI");
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
          continue; // TEM, RSTn, SOI: no length field
        }
        if (pos + 2 > len) {
          return Header.of(width, height, "segment 0x" + Integer.toHexString(marker) + " is cut");
        }
        int segment = u16be(b, pos);
        if (segment < 2) {
          return Header.of(width, height, "invalid length of segment 0x" + Integer.toHexString(marker));
        }
        if (pos + segment > len) {
          return Header.of(width, height, "segment 0x" + Integer.toHexString(marker) + " is cut");
        }
        boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof && width < 0 && segment >= 7) {
          height = u16be(b, pos + 3);
          width = u16be(b, pos + 5);
        }
        pos += segment;
        if (marker == 0xDA) {
          // Entropy-coded data: 0xFF is followed by 0x00 (stuffing), RSTn, or a marker.
          while (true) {
            while (pos < len && (b[pos] & 0xFF) != 0xFF) {
              pos++;
            }
            if (pos + 1 >= len) {
              return Header.of(width, height, "image data ends before the EOI marker");
            }
            int next = b[pos + 1] & 0xFF;
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
              pos += next == 0xFF ? 1 : 2;
            } else {
              break; // a marker: DHT, next SOS (progressive), EOI, ...
            }
          }
        }
      }
    }
  }

  /** PNG: IHDR, chunks ..., IEND. */
  static final class Png {
    private Png() {}

    static Header read(byte[] b) {
      int len = b.length;
      if (len < 33 || !ImageFormat.startsWith(b, 12, 'I', 'H', 'D', 'R')) {
        return Header.of(-1, -1, "no IHDR chunk");
      }
      long w = u32be(b, 16);
      long h = u32be(b, 20);
      int width = (int) Math.min(w, Integer.MAX_VALUE);
      int height = (int) Math.min(h, Integer.MAX_VALUE);
      long pos = 8;
      while (true) {
        if (pos + 12 > len) {
          return Header.of(width, height, "data ends before the IEND chunk");
        }
        long chunk = u32be(b, (int) pos);
        if (chunk > Integer.MAX_VALUE) {
          return Header.of(width, height, "invalid chunk length at offset " + pos);
        }
        boolean iend = ImageFormat.startsWith(b, (int) pos + 4, 'I', 'E', 'N', 'D');
        if (pos + 12 + chunk > len) {
          return Header.of(width, height, "chunk at offset " + pos + " is cut");
        }
        if (iend) {
          return Header.of(width, height, null);
        }
        pos += 12 + chunk;
      }
    }
  }

  /** GIF: header, logical screen, blocks ..., trailer 0x3B. */
  static final class Gif {
    private Gif() {}

    static Header read(byte[] b) {
      int len = b.length;
      if (len < 13) {
        return Header.of(-1, -1, "header is cut");
      }
      int width = u16le(b, 6);
      int height = u16le(b, 8);
      int maxW = width;
      int maxH = height;
      int pos = 13;
      if ((b[10] & 0x80) != 0) {
        pos += 3 << ((b[10] & 0x07) + 1); // global colour table
      }
      int frames = 0;
      while (true) {
        if (pos >= len) {
          return new Header(width, height, maxW, maxH, "data ends before the trailer");
        }
        int block = b[pos++] & 0xFF;
        if (block == 0x3B) {
          return new Header(width, height, maxW, maxH, frames > 0 ? null : "no image in the file");
        } else if (block == 0x21) { // extension: label, sub-blocks
          pos++;
        } else if (block == 0x2C) { // image descriptor
          if (pos + 9 > len) {
            return new Header(width, height, maxW, maxH, "image descriptor is cut");
          }
          maxW = Math.max(maxW, u16le(b, pos) + u16le(b, pos + 4));
          maxH = Math.max(maxH, u16le(b, pos + 2) + u16le(b, pos + 6));
          int flags = b[pos + 8] & 0xFF;
          pos += 9;
          if ((flags & 0x80) != 0) {
            pos += 3 << ((flags & 0x07) + 1); // local colour table
          }
          pos++; // LZW minimum code size
          frames++;
        } else {
          return new Header(width, height, maxW, maxH, "unknown block 0x" + Integer.toHexString(block));
        }
        // data sub-blocks, ended by a zero-length one
        while (true) {
          if (pos >= len) {
            return new Header(width, height, maxW, maxH, "data ends inside a block");
          }
          int sub = b[pos++] & 0xFF;
          if (sub == 0) {
            break;
          }
          pos += sub;
        }
      }
    }
  }

  /** WebP: RIFF container with a VP8, VP8L or VP8X first chunk. */
  static final class WebP {
    private WebP() {}

    static Header read(byte[] b) {
      int len = b.length;
      if (len < 30) {
        return Header.of(-1, -1, "header is cut");
      }
      long riff = u32le(b, 4) + 8;
      String damage = riff > len ? "RIFF size " + riff + " exceeds the " + len + " bytes present" : null;
      String chunk = new String(b, 12, 4, StandardCharsets.ISO_8859_1);
      return switch (chunk) {
        case "VP8 " -> ImageFormat.startsWith(b, 23, 0x9D, 0x01, 0x2A)
            ? Header.of(u16le(b, 26) & 0x3FFF, u16le(b, 28) & 0x3FFF, damage)
            : Header.of(-1, -1, "bad VP8 start code");
        case "VP8L" -> {
          if ((b[20] & 0xFF) != 0x2F) {
            yield Header.of(-1, -1, "bad VP8L signature");
          }
          long bits = u32le(b, 21);
          yield Header.of((int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1, damage);
        }
        case "VP8X" -> Header.of(u24le(b, 24) + 1, u24le(b, 27) + 1, damage);
        default -> Header.of(-1, -1, "unknown WebP chunk '" + chunk + "'");
      };
    }
  }
}
