package org.faceid.streams.processors.face;

/**
 * What a selfie says about its capture: container format and the camera fields of its EXIF block
 * (null where absent). Compared between the front and side selfies of one flow.
 */
public record ImageMetadata(String format, int orientation, String make, String model, String software,
    String dateTime) {

  public boolean jpeg() {
    return "jpeg".equals(format);
  }
}
