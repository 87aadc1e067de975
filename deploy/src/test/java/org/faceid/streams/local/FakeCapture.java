package org.faceid.streams.local;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2YUV_I420;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.faceid.streams.processors.decode.VideoFixtures;

/**
 * The files Chromium's fake camera and microphone play ({@code --use-file-for-fake-video-capture},
 * {@code --use-file-for-fake-audio-capture}): a clip's pictures as Y4M (I420) and its sound as a
 * 16 kHz mono WAV. Chromium opens them when a page opens the camera, so they may be replaced
 * between launch and capture; each is written beside and moved into place in one step.
 */
final class FakeCapture {

  private FakeCapture() {}

  /** Writes {@code clip}'s video to {@code y4m} and its audio to {@code wav}. */
  static void write(byte[] clip, Path y4m, Path wav) throws IOException {
    replace(y4m, out -> writeY4m(clip, out));
    replace(wav, out -> writeWav(VideoFixtures.audio16k(clip), out));
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private static void replace(Path target, Writer writer) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      writer.write(out);
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeY4m(byte[] clip, OutputStream out) throws IOException {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(clip));
         OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
         Mat i420 = new Mat()) {
      grabber.start();
      int fps = (int) Math.round(grabber.getFrameRate());
      // No C tag: 4:2:0 is Y4M's default, which every reader (Chromium's included) takes.
      out.write(String.format("YUV4MPEG2 W%d H%d F%d:1 Ip A1:1\n", grabber.getImageWidth(), grabber.getImageHeight(), fps)
          .getBytes(StandardCharsets.US_ASCII));
      byte[] plane = new byte[grabber.getImageWidth() * grabber.getImageHeight() * 3 / 2];
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        cvtColor(converter.convert(frame), i420, COLOR_BGR2YUV_I420);
        i420.data().get(plane);
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(plane);
      }
    } catch (FFmpegFrameGrabber.Exception e) {
      throw new IOException("cannot read the clip", e);
    }
  }

  private static void writeWav(short[] pcm16k, OutputStream out) throws IOException {
    int rate = VideoFixtures.AUDIO_RATE;
    ByteBuffer b = ByteBuffer.allocate(44 + pcm16k.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm16k.length * 2)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm16k.length * 2);
    for (short s : pcm16k) {
      b.putShort(s);
    }
    out.write(b.array());
  }
}
