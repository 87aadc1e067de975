package org.faceid.streams.processors.speech;

import java.util.Arrays;
import java.util.List;

/**
 * Spoken digits with PocketSphinx (Debian's libpocketsphinx3, in-process through JNA), each
 * utterance decoded whole against a grammar of exactly N digits.
 *
 * <p>The model follows the audio's real bandwidth, measured rather than taken from the sample
 * rate ({@link Bandwidth}):
 * <ul>
 *   <li>wideband speech goes to the 16 kHz en-us model alone (all flite test numbers right, where
 *       TIDIGITS got 32 of 40);
 *   <li>telephone-band speech (8 kHz audio upsampled, like FSDD) goes to both the 8 kHz TIDIGITS
 *       model and en-us. Where they disagree, each model aligns both readings and the reading with
 *       the higher summed score (the product of both likelihoods) wins. en-us, missing the band
 *       above 4 kHz, hears "six" as "seven"/"eight" and "zero" as "two"; TIDIGITS takes background
 *       noise for "four"/"five". On the FSDD set of SpokenDigitsAccuracyTest (digits right for
 *       jackson/nicolas/theo, whole numbers of 150): TIDIGITS alone 88.0/81.5/97.5%, 101; en-us
 *       alone 86.0/68.0/100%, 97; both 93.0/73.0/100%, 108, at about three times the time.
 * </ul>
 * Before decoding, the level is normalised ({@link AudioLevel}), the background between the
 * digits is turned down and the utterance trimmed to its speech ({@link VoiceActivity}); audio
 * with no speech above its own noise floor yields no digits.
 *
 * <p>Thread safety: native decoders are not thread-safe, so each model has a pool of decoders
 * ({@link DecoderPool}), one per concurrent caller up to the pool size; further callers wait. A
 * decoder keeps its noise estimate from one utterance to the next, so a borderline utterance can
 * come out differently depending on which decoder took it (seen with one of theo's FSDD numbers
 * when two decoders served four threads).
 *
 * <p>Time per 4-digit number on the 2-core build machine: wideband 40-55 ms; telephone band
 * 40-80 ms with TIDIGITS alone, 120-360 ms with both models (the alignments only on disagreement).
 */
public final class PocketSphinxRecognizer implements SpeechRecognizer {

  /**
   * Energy above 4.2 kHz at or above this (dB of the whole) means wideband speech. Measured on the
   * trimmed utterances: FSDD at most -54.6 dB (theo: 16-bit rounding noise of very quiet audio),
   * vosk-api/test.wav -11 dB, flite's four 16 kHz voices -43 dB and above except awb's dullest
   * numbers ("one one one one", -51 dB), which then take the two-model path, which includes en-us.
   */
  static final double WIDEBAND_DB = -47;
  /** Pauses are turned down by this much (gains measured in {@link VoiceActivity})... */
  private static final double PAUSE_ATTENUATION_DB = 20;
  /** ...except this many 10 ms frames either side of speech, which keeps weak "f"/"s"/"th" onsets. */
  private static final int PAUSE_HANG_FRAMES = 8;
  /** Kept around the speech span, so that the decoders see silence at both ends (200 ms measured a little better than 100). */
  private static final int MARGIN_SAMPLES = 3200;
  private static final int RATE = 16000;
  private static final int MAX_DIGITS = 32;

  private final DecoderPool telephoneBand;
  private final DecoderPool wideband;

  /** One decoder per model and available processor. */
  public PocketSphinxRecognizer() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * At most {@code concurrency} callers decode at once; later ones wait for a free decoder. Each
   * concurrent caller costs about 27 MB of native memory (an en-us decoder 26 MB, TIDIGITS 1 MB),
   * allocated on first use.
   */
  public PocketSphinxRecognizer(int concurrency) {
    for (SphinxModel model : SphinxModel.values()) {
      if (!model.installed()) {
        throw new IllegalStateException("PocketSphinx model " + model + " missing at " + model.hmm
            + " / " + model.dictionary + ": run deploy/install-speech.sh");
      }
    }
    try {
      PocketSphinxLibrary.load();
    } catch (LinkageError e) {
      throw new IllegalStateException("libpocketsphinx3 not installed: run deploy/install-speech.sh", e);
    }
    telephoneBand = new DecoderPool(SphinxModel.TIDIGITS, concurrency);
    wideband = new DecoderPool(SphinxModel.EN_US, concurrency);
  }

  @Override
  public String name() {
    return "pocketsphinx";
  }

  @Override
  public Recognition recognize(short[] pcm16kMono, int digitCount) {
    checkDigitCount(digitCount);
    Utterance utterance = prepare(pcm16kMono);
    if (utterance == null) {
      return Recognition.nothing();
    }
    SpokenNumber spoken = utterance.listen(this);
    List<ModelInput> models = spoken.inputs();
    SphinxDecoder.Result result = models.size() == 1 ? models.get(0).decode(digitCount) : bothModels(spoken, digitCount);
    return Recognition.of(utterance.shift(result.words()));
  }

  /** Scores the issued number against its best competitor ({@link SpokenNumber}). */
  @Override
  public Verification verify(short[] pcm16kMono, String issued) {
    checkNumber(issued);
    Utterance utterance = prepare(pcm16kMono);
    if (utterance == null) {
      return Verification.noSpeech();
    }
    Verification verification = utterance.listen(this).verify(issued);
    return new Verification(verification.heard(), verification.support(),
        utterance.shift(verification.issuedWords()), verification.speechInDigits());
  }

  /**
   * The issued digits' times alone, as {@link #verify} reports them ({@link Verification#issuedWords()}),
   * without scoring any other number: for measurements of what lip sync receives. Empty without speech.
   */
  @Override
  public List<Word> issuedWords(short[] pcm16kMono, String issued) {
    checkNumber(issued);
    Utterance utterance = prepare(pcm16kMono);
    return utterance == null ? List.of() : utterance.shift(utterance.listen(this).issuedWords(issued));
  }

  /**
   * The utterance ready to be checked against several numbers, for measurements (word times
   * relative to the trimmed speech); null when it holds no speech.
   */
  SpokenNumber listen(short[] pcm16kMono) {
    Utterance utterance = prepare(pcm16kMono);
    return utterance == null ? null : utterance.listen(this);
  }

  private static void checkNumber(String issued) {
    checkDigitCount(issued.length());
    if (!issued.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not a number: " + issued);
    }
  }

  private static void checkDigitCount(int digitCount) {
    if (digitCount < 1 || digitCount > MAX_DIGITS) {
      throw new IllegalArgumentException("digit count out of range 1.." + MAX_DIGITS + ": " + digitCount);
    }
  }

  /** The speech as the decoders take it, where it starts in the original audio, its band and speech frames. */
  private record Utterance(short[] speech16k, long offsetMs, boolean wideband, boolean[] speechFrames) {
    /**
     * Wideband speech with en-us alone; the telephone band with TIDIGITS and en-us, TIDIGITS'
     * alignment giving the word times (the models {@link #recognize} uses).
     */
    SpokenNumber listen(PocketSphinxRecognizer recognizer) {
      List<ModelInput> inputs = wideband
          ? List.of(new ModelInput(recognizer.wideband, speech16k))
          : List.of(new ModelInput(recognizer.telephoneBand, Resampler.resample(speech16k, RATE, SphinxModel.TIDIGITS.sampleRate)),
              new ModelInput(recognizer.wideband, speech16k));
      return new SpokenNumber(inputs, speechFrames);
    }

    /** Word times relative to the original audio. */
    List<Word> shift(List<Word> words) {
      return words.stream().map(word -> new Word(word.word(), word.startMs() + offsetMs, word.endMs() + offsetMs)).toList();
    }
  }

  /** Levelled, pauses turned down, trimmed to the speech; null when there is none. */
  private static Utterance prepare(short[] pcm16kMono) {
    short[] levelled = AudioLevel.normalise(pcm16kMono);
    VoiceActivity activity = VoiceActivity.of(levelled);
    if (!activity.hasSpeech()) {
      return null;
    }
    VoiceActivity.Span span = activity.speechSpan(MARGIN_SAMPLES);
    short[] speech = Arrays.copyOfRange(activity.gatePauses(PAUSE_ATTENUATION_DB, PAUSE_HANG_FRAMES), span.from(), span.to());
    return new Utterance(speech, span.from() * 1000L / RATE, Bandwidth.highBandDb(speech) >= WIDEBAND_DB,
        activity.speechFrames(span));
  }

  /** Both models (TIDIGITS first); where they disagree, the reading both together score higher. */
  private static SphinxDecoder.Result bothModels(SpokenNumber spoken, int digitCount) {
    SphinxDecoder.Result narrow = spoken.inputs().get(0).decode(digitCount);
    SphinxDecoder.Result wide = spoken.inputs().get(1).decode(digitCount);
    String narrowDigits = narrow.digits();
    String wideDigits = wide.digits();
    if (narrowDigits == null || wideDigits == null || narrowDigits.equals(wideDigits)) {
      return narrowDigits == null ? wide : narrow;
    }
    return spoken.jointScore(narrowDigits) >= spoken.jointScore(wideDigits) ? narrow : wide;
  }

  /** Waits for decodes in progress, then frees every native decoder. */
  @Override
  public void close() {
    try {
      telephoneBand.close();
    } finally {
      wideband.close();
    }
  }
}
