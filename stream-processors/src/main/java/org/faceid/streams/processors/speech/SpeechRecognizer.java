package org.faceid.streams.processors.speech;

/**
 * Recognises a spoken number of a known length: the whole utterance at once, restricted to exactly
 * {@code digitCount} digits where the engine allows it. Implementations are safe to call from
 * several stream threads at once.
 */
public interface SpeechRecognizer extends AutoCloseable {

  /**
   * @param pcm16kMono the utterance, 16 kHz mono signed 16-bit PCM, any level
   * @param digitCount how many digits were asked for
   * @return the digits heard; {@link Recognition#digits()} is null when nothing was recognised
   */
  Recognition recognize(short[] pcm16kMono, int digitCount);

  /** Engine and model, for logs and evidence (e.g. "pocketsphinx"). */
  String name();

  /** Frees the native decoders; no exception, so callers need not catch one. */
  @Override
  void close();
}
