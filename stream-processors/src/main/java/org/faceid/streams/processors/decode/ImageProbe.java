package org.faceid.streams.processors.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.common.ImageFormat;
import org.faceid.streams.processors.decode.ImageHeaders.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identifies an uploaded image, reads its pixel size and proves it decodes.
 *
 * <p>Accepted formats: JPEG, PNG, BMP, GIF, TIFF and WebP, recognised by their magic bytes (never by
 * a file name; {@link ImageFormat}). Anything else is refused: OpenCV could read a few more (PNM,
 * Sun raster, HDR, ...), but those are not photo formats a client sends, and every extra decoder is
 * attack surface.
 *
 * <p>Order of work, so that a decompression bomb never gets its pixels allocated:
 * <ol>
 *   <li>The size comes from the header alone: {@link ImageReader#getWidth}/{@code getHeight} of
 *       javax.imageio with no pixel read (JPEG, PNG, BMP, TIFF), or a small parser here where ImageIO
 *       has no reader or would under-report (WebP, and GIF, whose logical screen can be larger than
 *       its first frame). If ImageIO rejects the header of a JPEG or PNG, the size from the
 *       structure walk ({@link ImageHeaders}: SOF / IHDR) is used instead.</li>
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
   *     a side exceeds the probe's {@code maxDecodeSide} and only the header was read, or from
   *     {@link #inspect}
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
    return probe(image, true);
  }

  /**
   * Every check of {@link #probe} but the pixel decode: format, size from the header, and the
   * structure walk that refuses a cut JPEG, PNG, GIF or WebP. For a caller that decodes the image
   * itself next (the selfie and compare stages, through the face engine), so the pixels are decoded
   * once, and whose own decode refuses what does not decode. {@link Result#decoded()} is false.
   */
  public Result inspect(byte[] image) throws UnsupportedMediaException {
    return probe(image, false);
  }

  private Result probe(byte[] image, boolean decodePixels) throws UnsupportedMediaException {
    Objects.requireNonNull(image, "image");
    if (image.length == 0) {
      throw new UnsupportedMediaException("image is empty (0 bytes)");
    }
    ImageFormat sniffed = ImageFormat.sniff(image);
    if (sniffed == null) {
      throw new UnsupportedMediaException("not an image in a supported format (JPEG, PNG, BMP, GIF, TIFF, WebP)");
    }
    String format = sniffed.label();
    Header header = switch (sniffed) {
      case JPEG -> ImageHeaders.Jpeg.read(image);
      case PNG -> ImageHeaders.Png.read(image);
      case GIF -> ImageHeaders.Gif.read(image);
      case WEBP -> ImageHeaders.WebP.read(image);
      case BMP, TIFF -> new Header(-1, -1, -1, -1, null); // ImageIO only
    };
    int width = header.width();
    int height = header.height();
    if (sniffed != ImageFormat.GIF && sniffed != ImageFormat.WEBP) {
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
    if (!decodePixels) {
      return new Result(format, width, height, false);
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
}
