package org.faceid.streams.processors.speech;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The C API of Debian's libpocketsphinx3 / libsphinxbase3 (0.8+5prealpha), called through JNA.
 * No headers are installed, so the signatures are written out here; sizes are those of LP64 Linux
 * (size_t as long). Opaque handles are plain pointers.
 */
final class PocketSphinxLibrary {

  interface SphinxBase extends Library {
    /** Parses {@code argv} (flag, value, flag, value...) against {@code definitions}. */
    Pointer cmd_ln_parse_r(Pointer config, Pointer definitions, int argc, String[] argv, int strict);

    int cmd_ln_free_r(Pointer config);

    /** Sends the library's log to a file, closing the previous one. */
    int err_set_logfile(String path);
  }

  interface PocketSphinx extends Library {
    Pointer ps_args();

    Pointer ps_init(Pointer config);

    int ps_free(Pointer decoder);

    int ps_set_jsgf_string(Pointer decoder, String name, String jsgf);

    int ps_set_search(Pointer decoder, String name);

    /** Removes and frees a search; must not be the current one. */
    int ps_unset_search(Pointer decoder, String name);

    /** Starts a new stream: resets the front end's state carried between utterances (its noise estimate). */
    int ps_start_stream(Pointer decoder);

    int ps_start_utt(Pointer decoder);

    int ps_process_raw(Pointer decoder, short[] samples, long count, int noSearch, int fullUtterance);

    int ps_end_utt(Pointer decoder);

    String ps_get_hyp(Pointer decoder, IntByReference bestScore);

    Pointer ps_seg_iter(Pointer decoder);

    /** The next segment, or null after the last, in which case the iterator has been freed. */
    Pointer ps_seg_next(Pointer segment);

    String ps_seg_word(Pointer segment);

    void ps_seg_frames(Pointer segment, IntByReference startFrame, IntByReference endFrame);
  }

  // sphinxbase first: pocketsphinx links against it.
  static final SphinxBase SPHINXBASE = Native.load("libsphinxbase.so.3", SphinxBase.class);
  static final PocketSphinx POCKETSPHINX = Native.load("libpocketsphinx.so.3", PocketSphinx.class);

  static {
    // The log is process-wide and chatty (every configuration, grammar and utterance). It is set
    // once here rather than with "-logfn" per decoder: each "-logfn" closes the log file that
    // decoders on other threads may be writing to at that moment.
    if (SPHINXBASE.err_set_logfile("/dev/null") < 0) {
      throw new IllegalStateException("pocketsphinx: cannot send the log to /dev/null");
    }
  }

  private PocketSphinxLibrary() {}

  /** Loads both libraries now; a missing one fails here as a {@link LinkageError}. */
  static void load() {
    // Initialising this class is the load: the static fields and block above.
  }
}
