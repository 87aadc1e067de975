package org.faceid.streams.processors.liveness;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.face.FaceBox;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.face.ImageDecoder;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.VideoFrame;

/**
 * Edits applied to every decoded frame of a real clip, for the cases real clips lack: a face out of
 * focus, a face behind a mask.
 */
final class FrameEdits {

  private FrameEdits() {}

  /** Gaussian blur of the whole frame with sigma = {@code faceFraction} of the frame width. */
  static DecodedVideo blurred(DecodedVideo video, double faceFraction) {
    return edit(video, (bgr, face) -> {
      double sigma = bgr.cols() * faceFraction;
      GaussianBlur(bgr, bgr, new Size(0, 0), sigma);
    }, null);
  }

  /**
   * A light-blue surgical-mask-like block over the lower face (nose tip to chin) of the main face of
   * every frame, found with the real detector.
   */
  static DecodedVideo masked(DecodedVideo video, FaceEngine engine) {
    return edit(video, (bgr, face) -> {
      if (face != null) {
        rectangle(bgr, new Point(Math.round(face.x() + 0.05f * face.width()), Math.round(face.y() + 0.55f * face.height())),
            new Point(Math.round(face.x() + 0.95f * face.width()), Math.round(face.y() + 1.05f * face.height())),
            new Scalar(235, 205, 160, 0), -1, 8, 0);
      }
    }, engine);
  }

  private static DecodedVideo edit(DecodedVideo video, BiConsumer<Mat, FaceBox> change, FaceEngine engine) {
    List<VideoFrame> edited = new ArrayList<>();
    for (VideoFrame frame : video.getFrames()) {
      try (Mat bgr = ImageDecoder.pixels(Buffers.bytes(frame.getJpeg())); BytePointer out = new BytePointer()) {
        List<FaceBox> faces = engine == null ? List.of() : engine.detect(bgr);
        change.accept(bgr, faces.isEmpty() ? null : faces.get(0));
        imencode(".jpg", bgr, out);
        byte[] jpeg = new byte[(int) out.limit()];
        out.get(jpeg);
        edited.add(new VideoFrame(frame.getTimestampMs(), ByteBuffer.wrap(jpeg)));
      }
    }
    return DecodedVideo.newBuilder(video).setFrames(edited).build();
  }
}
