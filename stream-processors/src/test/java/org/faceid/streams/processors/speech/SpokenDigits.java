package org.faceid.streams.processors.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.faceid.streams.processors.decode.TestData;

/**
 * Spoken numbers built from real recordings: the Free Spoken Digit Dataset takes in
 * {@code testdata/speech/fsdd} (8 kHz, one digit per file) joined with short pauses and resampled
 * to the 16 kHz the speech stage receives, so the result is telephone-band speech labelled 16 kHz.
 */
public final class SpokenDigits {

  public static final int RATE = 16000;
  public static final List<String> SPEAKERS = List.of("jackson", "nicolas", "theo");
  /** FSDD's test split in the corpus has takes 0-4 of every digit and speaker. */
  public static final int TAKES = 5;
  /** speech/fsdd-all has every take, 0-49. */
  public static final int ALL_TAKES = 50;

  private static final int FSDD_RATE = 8000;
  private static final int MIN_GAP_MS = 150;
  private static final int MAX_GAP_MS = 300;
  /** Lead-in and tail, as when someone starts speaking a moment after the recording starts. */
  private static final int EDGE_MS = 300;

  /** Where one take lies in an utterance. */
  public record Span(long startMs, long endMs) {}

  /** An utterance at 16 kHz and where each digit's take was placed. */
  public record Utterance(short[] pcm, List<Span> spans) {}

  /** A WAV file's first channel. */
  public record Wav(short[] pcm, int sampleRate) {}

  private SpokenDigits() {}

  /** {@code digits} spoken by {@code speaker}, every digit from the same take index, at 16 kHz. */
  public static short[] utterance(String digits, String speaker, int take) {
    return compose(digits, speaker, take).pcm();
  }

  /**
   * {@code digits} spoken by {@code speaker}: pauses of 150-300 ms between the takes and 300 ms
   * before and after, filled with noise at the recording's own background level. The pauses are
   * drawn from a seed made of the arguments, so an utterance is the same on every run.
   */
  public static Utterance compose(String digits, String speaker, int take) {
    int[] takes = new int[digits.length()];
    Arrays.fill(takes, take);
    return compose(digits, speaker, takes, MIN_GAP_MS, MAX_GAP_MS, new Random((digits + "/" + speaker + "/" + take).hashCode()));
  }

  /**
   * {@code digits} spoken by {@code speaker}, digit i from take {@code takes[i]} (0-49, from
   * {@code speech/fsdd-all}), with pauses of {@code minGapMs}-{@code maxGapMs} drawn from {@code random}.
   */
  public static Utterance compose(String digits, String speaker, int[] takes, int minGapMs, int maxGapMs, Random random) {
    List<short[]> recordings = new ArrayList<>();
    for (int i = 0; i < digits.length(); i++) {
      recordings.add(take(digits.charAt(i) - '0', speaker, takes[i]));
    }
    double noiseRms = recordings.stream().mapToDouble(SpokenDigits::backgroundRms).min().orElse(0);
    List<short[]> pieces = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    pieces.add(noise(ms(EDGE_MS), noiseRms, random));
    int length = pieces.get(0).length;
    for (int i = 0; i < recordings.size(); i++) {
      if (i > 0) {
        short[] pause = noise(ms(minGapMs + random.nextInt(maxGapMs - minGapMs + 1)), noiseRms, random);
        pieces.add(pause);
        length += pause.length;
      }
      pieces.add(recordings.get(i));
      spans.add(new Span(length * 1000L / FSDD_RATE, (length + recordings.get(i).length) * 1000L / FSDD_RATE));
      length += recordings.get(i).length;
    }
    pieces.add(noise(ms(EDGE_MS), noiseRms, random));
    return new Utterance(Resampler.resample(concat(pieces), FSDD_RATE, RATE), spans);
  }

  /** One FSDD recording, 8 kHz: takes 0-4 from {@code speech/fsdd}, later ones from {@code speech/fsdd-all}. */
  public static short[] take(int digit, String speaker, int take) {
    String corpus = take < TAKES ? "speech/fsdd/" : "speech/fsdd-all/";
    Wav wav = readWav(TestData.path(corpus + digit + "_" + speaker + "_" + take + ".wav"));
    if (wav.sampleRate() != FSDD_RATE) {
      throw new IllegalStateException("FSDD take not at 8 kHz: " + wav.sampleRate());
    }
    return wav.pcm();
  }

  /** A PCM WAV file (16-bit, any rate and channel count): a minimal RIFF reader. */
  public static Wav readWav(Path file) {
    try {
      ByteBuffer riff = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      if (riff.getInt(0) != 0x46464952 || riff.getInt(8) != 0x45564157) {
        throw new IllegalArgumentException("not a RIFF/WAVE file: " + file);
      }
      int channels = 0;
      int rate = 0;
      for (int chunk = 12; chunk + 8 <= riff.limit(); ) {
        int id = riff.getInt(chunk);
        int size = riff.getInt(chunk + 4);
        int body = chunk + 8;
        if (id == 0x20746d66) { // "fmt "
          int format = riff.getShort(body);
          channels = riff.getShort(body + 2);
          rate = riff.getInt(body + 4);
          int bits = riff.getShort(body + 14);
          if (format != 1 || bits != 16) {
            throw new IllegalArgumentException("not 16-bit PCM (format " + format + ", " + bits + " bits): " + file);
          }
        } else if (id == 0x61746164) { // "data"
          if (channels == 0) {
            throw new IllegalArgumentException("data before fmt chunk: " + file);
          }
          int frames = Math.min(size, riff.limit() - body) / (2 * channels);
          short[] pcm = new short[frames];
          for (int i = 0; i < frames; i++) {
            pcm[i] = riff.getShort(body + 2 * i * channels);
          }
          return new Wav(pcm, rate);
        }
        chunk = body + size + (size & 1);
      }
      throw new IllegalArgumentException("no data chunk: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs flite to speak {@code text} with a 16 kHz voice; the words are what flite was given. */
  public static Wav flite(String text, Path directory) {
    Path out = directory.resolve("flite-" + Integer.toHexString(text.hashCode()) + ".wav");
    try {
      Process process = new ProcessBuilder("flite", "-voice", "slt", "-t", text, "-o", out.toString())
          .redirectErrorStream(true).start();
      String log = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IllegalStateException("flite failed (install it with deploy/install-speech.sh): " + log);
      }
      return readWav(out);
    } catch (IOException e) {
      throw new UncheckedIOException("flite not runnable (install it with deploy/install-speech.sh)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** RMS of the quietest 10 ms of a take: the recording's background. */
  private static double backgroundRms(short[] pcm) {
    int window = ms(10);
    double quietest = Double.MAX_VALUE;
    for (int from = 0; from + window <= pcm.length; from += window) {
      double energy = 0;
      for (int i = from; i < from + window; i++) {
        energy += (double) pcm[i] * pcm[i];
      }
      quietest = Math.min(quietest, Math.sqrt(energy / window));
    }
    return quietest == Double.MAX_VALUE ? 0 : quietest;
  }

  private static short[] noise(int length, double rms, Random random) {
    short[] out = new short[length];
    for (int i = 0; i < length; i++) {
      out[i] = AudioLevel.clip(random.nextGaussian() * rms);
    }
    return out;
  }

  private static short[] concat(List<short[]> pieces) {
    short[] out = new short[pieces.stream().mapToInt(piece -> piece.length).sum()];
    int at = 0;
    for (short[] piece : pieces) {
      System.arraycopy(piece, 0, out, at, piece.length);
      at += piece.length;
    }
    return out;
  }

  private static int ms(int millis) {
    return millis * FSDD_RATE / 1000;
  }
}
