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

  /**
   * How well the audio supports the {@code issued} number against every other number of its
   * length. Engines that cannot score readings recognise, give the words heard and leave the
   * support null, so that only the heard digits can be compared.
   */
  default Verification verify(short[] pcm16kMono, String issued) {
    Recognition recognition = recognize(pcm16kMono, issued.length());
    return new Verification(recognition.digits(), null, recognition.words(), null);
  }

  /**
   * The {@code issued} digits' times in the audio, as {@link #verify} reports them, for lip sync;
   * engines that align can do so without scoring any other number, which is most of a verification.
   */
  default java.util.List<Word> issuedWords(short[] pcm16kMono, String issued) {
    return verify(pcm16kMono, issued).issuedWords();
  }

  /** Engine and model, for logs and evidence (e.g. "pocketsphinx"). */
  String name();

  /** Frees the native decoders; no exception, so callers need not catch one. */
  @Override
  void close();
}
