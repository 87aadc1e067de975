package org.faceid.streams.processors.speech;

import static org.faceid.streams.processors.speech.PocketSphinxLibrary.POCKETSPHINX;
import static org.faceid.streams.processors.speech.PocketSphinxLibrary.SPHINXBASE;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One native PocketSphinx decoder on one acoustic model. Not thread-safe (the C decoder keeps the
 * utterance state): {@link DecoderPool} lends each one to a single thread at a time.
 */
final class SphinxDecoder implements AutoCloseable {

  /** PocketSphinx's default frame rate: frames per second. */
  private static final int FRAMES_PER_SECOND = 100;
  private static final String ONE_UTTERANCE_SEARCH = "utterance";

  /** Creating decoders and parsing grammars touch the library's global state (argument tables, grammar parser). */
  private static final Object NATIVE_SETUP = new Object();

  /**
   * A decoded utterance: its digit words, empty when the decoder found no path, and the path score
   * (log likelihood in the library's units, higher is better; {@link #NO_PATH} when there is none).
   */
  record Result(List<Word> words, int score) {
    static final int NO_PATH = Integer.MIN_VALUE;

    boolean found() {
      return score != NO_PATH;
    }

    String digits() {
      return Recognition.of(words).digits();
    }
  }

  private Pointer config;
  private Pointer decoder;
  private final Set<Integer> digitSearches = new HashSet<>();

  SphinxDecoder(SphinxModel model) {
    synchronized (NATIVE_SETUP) {
      List<String> args = model.args();
      config = SPHINXBASE.cmd_ln_parse_r(null, POCKETSPHINX.ps_args(), args.size(), args.toArray(String[]::new), 1);
      if (config == null) {
        throw new IllegalStateException("pocketsphinx rejected the configuration " + args);
      }
      decoder = POCKETSPHINX.ps_init(config);
      if (decoder == null) {
        SPHINXBASE.cmd_ln_free_r(config);
        throw new IllegalStateException("pocketsphinx could not load model " + model + " from " + model.hmm);
      }
    }
  }

  /** Decodes {@code pcm} (at the model's rate) as exactly {@code digitCount} digits. */
  Result decode(short[] pcm, int digitCount) {
    useDigitSearch(digitCount);
    return result(run(pcm));
  }

  /** {@code pcm} read as exactly the digit string {@code digits} (either word for 0): its word times and score. */
  Result align(short[] pcm, String digits) {
    return decodeOnce(pcm, alignmentGrammar(digits), digits.length());
  }

  /** The best reading of {@code pcm} as any number of as many digits as {@code issued}, except {@code issued} itself. */
  Result decodeOther(short[] pcm, String issued) {
    return decodeOnce(pcm, otherNumberGrammar(issued), issued.length());
  }

  /** Decodes with a grammar made for this one utterance, then frees it. */
  private Result decodeOnce(short[] pcm, String jsgf, int digitCount) {
    synchronized (NATIVE_SETUP) {
      check(POCKETSPHINX.ps_set_jsgf_string(decoder, ONE_UTTERANCE_SEARCH, jsgf), "ps_set_jsgf_string");
    }
    try {
      check(POCKETSPHINX.ps_set_search(decoder, ONE_UTTERANCE_SEARCH), "ps_set_search");
      return result(run(pcm));
    } finally {
      // Leave a digit search current so that freeing this one leaves no dangling pointer.
      useDigitSearch(digitCount);
      POCKETSPHINX.ps_unset_search(decoder, ONE_UTTERANCE_SEARCH);
    }
  }

  private Result result(Integer score) {
    return score == null ? new Result(List.of(), Result.NO_PATH) : new Result(words(), score);
  }

  /**
   * Runs one whole utterance through the current search; the best path's score, null when there is
   * none. Each utterance is its own stream: the front end's noise estimate is otherwise carried over
   * from the utterances this decoder heard before, and the same reading would align differently
   * (word times off by up to 480 ms, another score) depending on which requests came first.
   */
  private Integer run(short[] pcm) {
    check(POCKETSPHINX.ps_start_stream(decoder), "ps_start_stream");
    check(POCKETSPHINX.ps_start_utt(decoder), "ps_start_utt");
    check(POCKETSPHINX.ps_process_raw(decoder, pcm, pcm.length, 0, 1), "ps_process_raw");
    check(POCKETSPHINX.ps_end_utt(decoder), "ps_end_utt");
    IntByReference score = new IntByReference();
    return POCKETSPHINX.ps_get_hyp(decoder, score) == null ? null : score.getValue();
  }

  private List<Word> words() {
    List<Word> words = new ArrayList<>();
    IntByReference startFrame = new IntByReference();
    IntByReference endFrame = new IntByReference();
    for (Pointer segment = POCKETSPHINX.ps_seg_iter(decoder); segment != null; segment = POCKETSPHINX.ps_seg_next(segment)) {
      String word = POCKETSPHINX.ps_seg_word(segment);
      // Silences and fillers ("<sil>", "<s>") are segments too.
      if (word != null && DigitWords.isDigit(word)) {
        POCKETSPHINX.ps_seg_frames(segment, startFrame, endFrame);
        words.add(new Word(DigitWords.normalise(word), toMs(startFrame.getValue()), toMs(endFrame.getValue() + 1)));
      }
    }
    return words;
  }

  /** One JSGF search per digit count, built on first use and kept. */
  private void useDigitSearch(int digitCount) {
    String name = "digits" + digitCount;
    if (!digitSearches.contains(digitCount)) {
      synchronized (NATIVE_SETUP) {
        check(POCKETSPHINX.ps_set_jsgf_string(decoder, name, digitGrammar(digitCount)), "ps_set_jsgf_string");
      }
      digitSearches.add(digitCount);
    }
    check(POCKETSPHINX.ps_set_search(decoder, name), "ps_set_search");
  }

  /** Exactly {@code digitCount} digit words; pauses and breath between them are the decoder's fillers. */
  static String digitGrammar(int digitCount) {
    return "#JSGF V1.0;\ngrammar digits;\n"
        + "<digit> = " + String.join(" | ", DigitWords.ALL) + ";\n"
        + "public <number> = " + "<digit> ".repeat(digitCount).strip() + ";\n";
  }

  static String alignmentGrammar(String digits) {
    List<String> words = new ArrayList<>();
    for (char digit : digits.toCharArray()) {
      words.add(alternatives(DigitWords.words(digit)));
    }
    return "#JSGF V1.0;\ngrammar alignment;\npublic <number> = " + String.join(" ", words) + ";\n";
  }

  /**
   * Every number of {@code issued}'s length but {@code issued}: the union, over each position, of
   * the numbers that agree with it before that position and differ at it (disjoint, so each
   * competing number has exactly one path).
   */
  static String otherNumberGrammar(String issued) {
    List<String> branches = new ArrayList<>();
    for (int differing = 0; differing < issued.length(); differing++) {
      List<String> words = new ArrayList<>();
      for (int i = 0; i < differing; i++) {
        words.add(alternatives(DigitWords.words(issued.charAt(i))));
      }
      List<String> others = new ArrayList<>(DigitWords.ALL);
      others.removeAll(DigitWords.words(issued.charAt(differing)));
      words.add(alternatives(others));
      words.add("<digit> ".repeat(issued.length() - differing - 1).strip());
      branches.add("(" + String.join(" ", words).strip() + ")");
    }
    return "#JSGF V1.0;\ngrammar other;\n"
        + "<digit> = " + String.join(" | ", DigitWords.ALL) + ";\n"
        + "public <number> = " + String.join(" | ", branches) + ";\n";
  }

  private static String alternatives(List<String> words) {
    return words.size() == 1 ? words.get(0) : "(" + String.join(" | ", words) + ")";
  }

  private static long toMs(int frame) {
    return frame * 1000L / FRAMES_PER_SECOND;
  }

  private static void check(int status, String call) {
    if (status < 0) {
      throw new IllegalStateException("pocketsphinx " + call + " failed (" + status + ")");
    }
  }

  @Override
  public void close() {
    if (decoder != null) {
      POCKETSPHINX.ps_free(decoder);
      SPHINXBASE.cmd_ln_free_r(config);
      decoder = null;
      config = null;
    }
  }
}
