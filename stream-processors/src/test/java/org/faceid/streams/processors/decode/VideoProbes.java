package org.faceid.streams.processors.decode;

import java.nio.ByteBuffer;
import org.faceid.streams.processors.speech.SpeechTopology;

/** The probe's test-only views: its measuring mode, and the decoded audio as samples. */
final class VideoProbes {

  private VideoProbes() {}

  /**
   * Decodes the whole video stream (and audio up to its first good frame) and measures it, keeping
   * no frame: the same verdict as {@link VideoProbe#decode}, for many files at a fraction of its cost.
   */
  static VideoProbe.Result measure(VideoProbe probe, byte[] video) throws UnsupportedMediaException {
    return probe.inspect(video, false, Long.MAX_VALUE).result();
  }

  /** The decoded audio as 16-bit samples, read as the speech stage reads it. */
  static short[] pcm(VideoProbe.Decoded decoded) {
    return SpeechTopology.pcm(ByteBuffer.wrap(decoded.audioPcm()));
  }
}
