package org.faceid.streams.processors.face;

/** A detected face in pixel coordinates of the upright (EXIF-oriented) image; score in [0, 1]. */
public record FaceBox(float x, float y, float width, float height, float score) {

  public float area() {
    return width * height;
  }
}
