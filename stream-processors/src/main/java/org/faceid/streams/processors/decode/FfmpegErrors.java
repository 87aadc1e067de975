package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** FFmpeg's and javacv's error reports, as an upload's refusal states them. */
final class FfmpegErrors {

  private FfmpegErrors() {}

  /** FFmpeg's text for an error code, with the code. */
  static String errorText(int code) {
    byte[] buf = new byte[256];
    if (av_strerror(code, buf, buf.length) < 0) {
      return "error " + code;
    }
    int len = 0;
    while (len < buf.length && buf[len] != 0) {
      len++;
    }
    return new String(buf, 0, len, StandardCharsets.US_ASCII) + " (" + code + ")";
  }

  /** javacv's exception text without its hints that make no sense here. */
  static String javacvMessage(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("Did not find a video or audio stream")) {
      return "no video stream";
    }
    return m.replace(" (Has setFormat() been called?)", "")
        .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
        .replace("Could not open input \"" + DeadlineInput.NAME + "\".", "could not open or identify the container.")
        .trim();
  }
}
