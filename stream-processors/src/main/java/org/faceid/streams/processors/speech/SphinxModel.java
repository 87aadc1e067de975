package org.faceid.streams.processors.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An acoustic model with its dictionary and the front-end settings it was trained with. */
enum SphinxModel {

  /** Connected digits from the TIDIGITS corpus, 8 kHz, 0-4 kHz filter bank (Debian pocketsphinx-testdata). */
  TIDIGITS(8000, "/usr/share/pocketsphinx/test/data/tidigits/hmm", "/usr/share/pocketsphinx/test/data/tidigits/lm/tidigits.dic",
      "-nfft", "256"),
  /** General US English, 16 kHz (Debian pocketsphinx-en-us). */
  EN_US(16000, "/usr/share/pocketsphinx/model/en-us/en-us", "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

  private static final Pattern DITHER_ON = Pattern.compile("(?m)^-dither\\s+yes\\s*$");

  final int sampleRate;
  final Path hmm;
  final Path dictionary;
  private final List<String> extraArgs;
  private Path featureParams;

  SphinxModel(int sampleRate, String hmm, String dictionary, String... extraArgs) {
    this.sampleRate = sampleRate;
    this.hmm = Path.of(hmm);
    this.dictionary = Path.of(dictionary);
    this.extraArgs = List.of(extraArgs);
  }

  boolean installed() {
    return Files.isDirectory(hmm) && Files.isRegularFile(dictionary);
  }

  /** Decoder arguments: whole-utterance decoding, so no voice-activity splitting (the log is set in {@link PocketSphinxLibrary}). */
  List<String> args() {
    List<String> args = new ArrayList<>(List.of(
        "-hmm", hmm.toString(),
        "-dict", dictionary.toString(),
        "-featparams", featureParams().toString(),
        "-samprate", Integer.toString(sampleRate),
        // Dropping "silent" frames would shift every word time and, per DESIGN.md 9, split the utterance.
        "-remove_silence", "no",
        // Pauses taken for digits were the main error on FSDD numbers. A cheaper silence (default
        // 0.005) took TIDIGITS from 59/43/89% of digits (jackson/nicolas/theo) to 62.5/52.5/96.5%;
        // beams wide enough for the N-digit path to survive (defaults 1e-48/7e-29/1e-48) added
        // 6.5 points for jackson once the ends were trimmed.
        "-silprob", "1.0",
        "-beam", "1e-120",
        "-wbeam", "1e-100",
        "-pbeam", "1e-120"));
    args.addAll(extraArgs);
    return args;
  }

  /**
   * The model's feat.params, with dither turned off. The library seeds dither from the clock, so
   * the same audio could come out as different digits from one call to the next (seen on FSDD);
   * and feat.params overrides the command line, so "-dither no" alone has no effect.
   */
  private synchronized Path featureParams() {
    if (featureParams == null) {
      Path original = hmm.resolve("feat.params");
      try {
        String params = Files.readString(original);
        if (DITHER_ON.matcher(params).find()) {
          Path copy = Files.createTempFile("faceid-" + name().toLowerCase() + "-", ".feat.params");
          copy.toFile().deleteOnExit();
          Files.writeString(copy, DITHER_ON.matcher(params).replaceAll("-dither no"));
          featureParams = copy;
        } else {
          featureParams = original;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + original, e);
      }
    }
    return featureParams;
  }
}
