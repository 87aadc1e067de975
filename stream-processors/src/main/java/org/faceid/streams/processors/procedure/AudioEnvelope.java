package org.faceid.streams.processors.procedure;

/** Provisional. */
public final class AudioEnvelope {
  private AudioEnvelope() {}

  public static float[] logBand(short[] pcm16k, int rateHz) {
    return new float[0];
  }
}
