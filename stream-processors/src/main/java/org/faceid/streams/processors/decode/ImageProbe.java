package org.faceid.streams.processors.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies an uploaded image, reads its pixel size and proves it decodes.
 *
 * <p>Accepted formats: JPEG, PNG, BMP, GIF, TIFF and WebP, recognised by their magic bytes (never by
 * a file name). Anything else is refused: OpenCV could read a few more (PNM, Sun raster, HDR, ...),
 * but those are not photo formats a client sends, and every extra decoder is attack surface.
 *
 * <p>Order of work, so that a decompression bomb never gets its pixels allocated:
 * <ol>
 *   <li>The size comes from the header alone: {@link ImageReader#getWidth}/{@code getHeight} of
 *       javax.imageio with no pixel read (JPEG, PNG, BMP, TIFF), or a small parser here where ImageIO
 *       has no reader or would under-report (WebP, and GIF, whose logical screen can be larger than
 *       its first frame). If ImageIO rejects the header of a JPEG or PNG, the size from this class's
 *       own structure walk (SOF / IHDR) is used instead.</li>
 *   <li>When either side exceeds {@code maxDecodeSide} (default 4096) the probe stops and returns
 *       the header size with {@link Result#decoded()} false: the caller refuses such an image by its
 *       size (INVALID_IMAGE_SIZE) and needs no pixels for that.</li>
 *   <li>Otherwise the file must be structurally complete (see below) and must decode with OpenCV's
 *       {@code imdecode} ({@code IMREAD_UNCHANGED}: no colour conversion, EXIF orientation not
 *       applied), else {@link UnsupportedMediaException}.</li>
 * </ol>
 *
 * <p><b>Truncation.</b> OpenCV 4.13 returns an empty image for JPEG data that ends before the last
 * MCU, but decodes a JPEG that lost only its final EOI marker, and older/other builds fill a cut
 * JPEG with grey and report success. So the structure is checked independently of the decoder:
 * a JPEG must reach its EOI marker through a walk of its segments and entropy-coded data (trailing
 * bytes after EOI, as some cameras append, are allowed), a PNG must reach its IEND chunk through
 * its chunk list, a GIF its trailer through its block list, and a WebP's RIFF size must fit the
 * data. BMP and TIFF rely on the decoder, which refuses them when cut.
 *
 * <p><b>Size reported</b> is the stored raster size (EXIF orientation is not applied: a portrait
 * phone photo stored as 640x480 with Orientation=6 reports 640x480). The 4096 px limit is the same
 * either way round. When decoded, the size is the decoded raster's, which equals the header's for
 * every accepted format except a GIF whose frames are smaller than its logical screen.
 *
 * <p>Instances are immutable and thread-safe. Note that libjpeg, libpng and OpenCV print their own
 * warnings for damaged input to stderr (OpenCV honours {@code OPENCV_LOG_LEVEL=ERROR}/{@code SILENT}
 * in the environment); this class reports every refusal through the exception message.
 */
public final class ImageProbe {

    private static final Logger LOG = LoggerFactory.getLogger(ImageProbe.class);

    /**
     * What the probe found.
     *
     * @param format lower-case format name: jpeg, png, bmp, gif, tiff or webp
     * @param width stored width in pixels
     * @param height stored height in pixels
     * @param decoded true when the pixels were decoded (so the image is proven readable); false when
     *     a side exceeds the probe's {@code maxDecodeSide} and only the header was read
     */
    public record Result(String format, int width, int height, boolean decoded) {}

    /** Images with a side above this are measured from their header only. */
    public static final int DEFAULT_MAX_DECODE_SIDE = 4096;

    private final int maxDecodeSide;

    public ImageProbe() {
        this(DEFAULT_MAX_DECODE_SIDE);
    }

    /** @param maxDecodeSide images with a wider or taller header are not decoded */
    public ImageProbe(int maxDecodeSide) {
        if (maxDecodeSide < 1) {
            throw new IllegalArgumentException("maxDecodeSide must be positive: " + maxDecodeSide);
        }
        this.maxDecodeSide = maxDecodeSide;
    }

    public Result probe(byte[] image) throws UnsupportedMediaException {
        Objects.requireNonNull(image, "image");
        if (image.length == 0) {
            throw new UnsupportedMediaException("image is empty (0 bytes)");
        }
        String format = sniff(image);
        if (format == null) {
            throw new UnsupportedMediaException("not an image in a supported format (JPEG, PNG, BMP, GIF, TIFF, WebP)");
        }
        Header header = switch (format) {
            case "jpeg" -> Jpeg.read(image);
            case "png" -> Png.read(image);
            case "gif" -> Gif.read(image);
            case "webp" -> WebP.read(image);
            default -> new Header(-1, -1, -1, -1, null); // bmp, tiff: ImageIO only
        };
        int width = header.width();
        int height = header.height();
        if (!format.equals("gif") && !format.equals("webp")) {
            int[] size = imageIoSize(image, format);
            if (size != null) {
                width = size[0];
                height = size[1];
            }
        }
        if (width <= 0 || height <= 0) {
            throw new UnsupportedMediaException(format + " header is unreadable or has no valid size"
                    + (header.damage() != null ? ": " + header.damage() : ""));
        }
        if (Math.max(width, height) > maxDecodeSide
                || Math.max(header.decodeWidth(), header.decodeHeight()) > maxDecodeSide) {
            return new Result(format, width, height, false);
        }
        if (header.damage() != null) {
            throw new UnsupportedMediaException(format + " is damaged or truncated: " + header.damage());
        }
        try (BytePointer data = new BytePointer(image);
             Mat encoded = new Mat(1, image.length, CV_8UC1, data);
             Mat decoded = imdecode(encoded, IMREAD_UNCHANGED)) {
            if (decoded == null || decoded.empty()) {
                throw new UnsupportedMediaException(format + " image (" + width + "x" + height
                        + ") cannot be decoded: corrupt or truncated");
            }
            if (decoded.cols() != width || decoded.rows() != height) {
                LOG.debug("{} header says {}x{}, decodes to {}x{}", format, width, height,
                        decoded.cols(), decoded.rows());
            }
            return new Result(format, decoded.cols(), decoded.rows(), true);
        } catch (RuntimeException e) {
            // OpenCV reports some decoder failures as cv::Exception (a RuntimeException in javacpp).
            throw new UnsupportedMediaException(format + " image cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** The format named by the magic bytes, or null. */
    static String sniff(byte[] b) {
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return "jpeg";
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "png";
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8') && b.length > 5 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return "gif";
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return "webp";
        }
        if (startsWith(b, 0, 'I', 'I', 0x2A, 0x00) || startsWith(b, 0, 'M', 'M', 0x00, 0x2A)) {
            return "tiff";
        }
        if (startsWith(b, 0, 'B', 'M') && b.length >= 26) {
            return "bmp";
        }
        return null;
    }

    /** Width and height from javax.imageio's header parsing, without reading pixels; null if it fails. */
    private static int[] imageIoSize(byte[] image, String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } catch (IOException | RuntimeException e) {
                LOG.debug("ImageIO {} reader {} cannot read the header: {}", format,
                        reader.getClass().getName(), e.toString());
            } finally {
                reader.dispose();
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int offset, int... magic) {
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
            if (len < 33 || !startsWith(b, 12, 'I', 'H', 'D', 'R')) {
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
                boolean iend = startsWith(b, (int) pos + 4, 'I', 'E', 'N', 'D');
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
                case "VP8 " -> startsWith(b, 23, 0x9D, 0x01, 0x2A)
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
