package org.faceid.streams.processors;

import java.nio.file.Files;
import java.nio.file.Path;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.decode.VideoFixtures;
import org.faceid.streams.processors.signals.RevoicedSpeech;

/**
 * Writes the benchmark's validate_video upload: a real GRID face reading {@code digits} (FSDD
 * speaker theo, the face re-timed to articulate them), 5 s, scaled to 640x480, H.264 + AAC in MP4.
 * Usage: VideoBenchClip out.mp4 digits
 */
public final class VideoBenchClip {

  private VideoBenchClip() {}

  public static void main(String[] args) throws Exception {
    byte[] reading = RevoicedSpeech.retimedClip(TestData.bytes("av/grid/lwbsza.mpg"), args[1], "theo", 3, 5.0);
    Files.write(Path.of(args[0]), VideoFixtures.scaled(reading, 640, 480, 5.0));
  }
}
