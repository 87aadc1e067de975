package org.faceid.streams.processors.face;

import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_core.transpose;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import java.io.ByteArrayInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.common.ImageFormat;

/**
 * Decodes an uploaded image to upright BGR pixels. OpenCV is told to ignore EXIF orientation and
 * the orientation read by metadata-extractor is applied here, so the rotation is explicit, tested
 * and independent of the OpenCV build (the face detector misses faces lying at 90 degrees).
 */
public final class ImageDecoder {

  private ImageDecoder() {}

  /** Decodes {@code encoded}; throws {@link IllegalArgumentException} if it is no decodable image. */
  public static UprightImage decode(byte[] encoded) {
    if (encoded == null || encoded.length == 0) {
      throw new IllegalArgumentException("empty image");
    }
    ImageFormat format = ImageFormat.sniff(encoded);
    if (format == null) {
      throw new IllegalArgumentException("not a supported image format (jpeg, png, bmp, webp, gif, tiff)");
    }
    ImageMetadata metadata = metadata(encoded, format.label());
    Mat raw = pixels(encoded);
    if (raw == null) {
      throw new IllegalArgumentException("undecodable " + format.label() + " image");
    }
    Mat upright = null;
    try {
      upright = orient(raw, metadata.orientation());
      return new UprightImage(upright, metadata);
    } finally {
      if (upright != raw) {
        raw.close(); // turned into a new Mat, or the turn failed
      }
    }
  }

  /**
   * The pixels of an image as stored (EXIF orientation ignored), or null when undecodable. For frames
   * the decode stage already turned upright, where reading metadata would only cost time.
   */
  public static Mat pixels(byte[] encoded) {
    Mat raw;
    try (BytePointer data = new BytePointer(encoded); Mat buf = new Mat(1, encoded.length,
        org.bytedeco.opencv.global.opencv_core.CV_8UC1, data)) {
      raw = imdecode(buf, IMREAD_COLOR | IMREAD_IGNORE_ORIENTATION);
    }
    if (raw == null || raw.empty()) {
      if (raw != null) {
        raw.close();
      }
      return null;
    }
    return raw;
  }

  /** EXIF fields via metadata-extractor; a damaged or absent EXIF block yields orientation 1. */
  static ImageMetadata metadata(byte[] encoded, String format) {
    int orientation = 1;
    String make = null;
    String model = null;
    String software = null;
    String dateTime = null;
    try {
      Metadata md = ImageMetadataReader.readMetadata(new ByteArrayInputStream(encoded), encoded.length);
      ExifIFD0Directory ifd0 = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
      if (ifd0 != null) {
        Integer o = ifd0.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
        if (o != null && o >= 1 && o <= 8) {
          orientation = o;
        }
        make = text(ifd0, ExifIFD0Directory.TAG_MAKE);
        model = text(ifd0, ExifIFD0Directory.TAG_MODEL);
        software = text(ifd0, ExifIFD0Directory.TAG_SOFTWARE);
        dateTime = text(ifd0, ExifIFD0Directory.TAG_DATETIME);
      }
      ExifSubIFDDirectory sub = md.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
      if (dateTime == null && sub != null) {
        dateTime = text(sub, ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL);
      }
    } catch (Exception | StackOverflowError e) {
      // Metadata is advisory: a broken EXIF block must not reject an image that decodes.
    }
    return new ImageMetadata(format, orientation, make, model, software, dateTime);
  }

  private static String text(Directory d, int tag) {
    String s = d.getString(tag);
    if (s == null) {
      return null;
    }
    s = s.trim();
    return s.isEmpty() ? null : s;
  }

  /**
   * Applies EXIF orientation 1..8 (TIFF 6.0 semantics: the stored raster's row 0 / column 0 sides).
   * Returns {@code src} itself for 1.
   */
  public static Mat orient(Mat src, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return src;
    }
    return Mats.made(out -> {
      switch (orientation) {
        case 2 -> flip(src, out, 1);
        case 3 -> rotate(src, out, ROTATE_180);
        case 4 -> flip(src, out, 0);
        case 5 -> transpose(src, out);
        case 6 -> rotate(src, out, ROTATE_90_CLOCKWISE);
        case 7 -> {
          try (Mat t = new Mat()) {
            transpose(src, t);
            flip(t, out, -1);
          }
        }
        default -> rotate(src, out, ROTATE_90_COUNTERCLOCKWISE); // 8
      }
    });
  }

  /** {@code src} turned clockwise by 0, 90, 180 or 270 degrees (a new Mat, or src for 0). */
  public static Mat rotateClockwise(Mat src, int degrees) {
    return switch (Math.floorMod(degrees, 360)) {
      case 90 -> orient(src, 6);
      case 180 -> orient(src, 3);
      case 270 -> orient(src, 8);
      default -> src;
    };
  }
}
