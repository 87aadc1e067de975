package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.signals.LipSyncScorer.Score;

/**
 * In-sync and out-of-sync trials on the real talking-face clips, scored the way the service
 * will: frames at 12.5 fps (every 2nd of 25), 16 kHz audio, envelope at 100 Hz.
 */
final class LipSyncTrials {

  enum Kind {
    IN_SYNC("own audio"),
    IN_SYNC_LOSSY("own audio, 25% of frames without a face"),
    REVOICED("digits aligned to the clip's own words (should pass)"),
    SHIFTED("own audio shifted by 0.5-1.5 s"),
    SWAPPED("another clip's speech (a 3 s GRID track repeats under longer windows)"),
    SWAPPED_GRID("another GRID sentence (same grammar and rhythm)"),
    DIGITS("4 digits joined, laid over the face unaligned"),
    STILL("one frame repeated, own audio"),
    STILL_JITTER("one frame re-captured with tremor/noise/JPEG, own audio");

    final String description;

    Kind(String description) {
      this.description = description;
    }

    boolean shouldPass() {
      return this == IN_SYNC || this == IN_SYNC_LOSSY || this == REVOICED;
    }
  }

  /**
   * One trial's scores: with the speech spans a recogniser would give (the digits' placements
   * where known, else voice activity of the envelope) and with none (the scorer's own voice activity).
   */
  record Trial(Kind kind, String face, String audio, long startMs, long durationMs, Score withSpans,
      Score withoutSpans) {}

  /** A stretch of one clip: its frames in [start, start + duration), times from the start. */
  record Window(AvClip clip, long startMs, long durationMs) {

    long[] times() {
      return Arrays.stream(clip.frameTimesMs()).filter(this::contains).map(t -> t - startMs).toArray();
    }

    float[] openings(float[] perFrame) {
      long[] all = clip.frameTimesMs();
      List<Float> kept = new ArrayList<>();
      for (int i = 0; i < all.length; i++) {
        if (contains(all[i])) {
          kept.add(perFrame[i]);
        }
      }
      float[] out = new float[kept.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = kept.get(i);
      }
      return out;
    }

    private boolean contains(long t) {
      return t >= startMs && t < startMs + durationMs;
    }

    String label() {
      return clip.name() + "@" + startMs + "+" + durationMs;
    }
  }

  static final String[] GRID = {"bbaf2n", "brbk7n", "lwbsza", "swiz3n"};
  static final String[] HDTF = {"WDA_AlexandriaOcasioCortez_000", "WDA_KatieHill_000"};
  static final String HARD = "short_hamilton_clip";
  static final int ENVELOPE_RATE = 100;
  static final long[] SHIFTS_MS = {-1500, -1000, -500, 500, 1000, 1500};
  /** Background noise of the constructed tracks (about -61 dBFS): recordings are never silent. */
  private static final double NOISE = 30;
  private static final int FRAME_STEP = 2;

  private static final Map<String, AvClip> CLIPS = new LinkedHashMap<>();
  private static final Map<String, float[][]> JITTERED = new LinkedHashMap<>();

  private LipSyncTrials() {}

  static synchronized AvClip clip(String name, FaceEngine engine) {
    return CLIPS.computeIfAbsent(name, n -> AvClip.load(n, TestData.path(file(n)), FRAME_STEP, engine));
  }

  static String file(String name) {
    if (name.startsWith("WDA_")) {
      return "av/hdtf/" + name + ".mp4";
    }
    return name.equals(HARD) ? "av/other/" + name + ".mp4" : "av/grid/" + name + ".mpg";
  }

  /** Landmarks of the clip's middle frame re-captured once per kept frame. */
  static synchronized float[][] jitteredStill(AvClip clip, FaceEngine engine) {
    return JITTERED.computeIfAbsent(clip.name(), n -> {
      int middle = clip.frameTimesMs().length / 2 * FRAME_STEP;
      var frame = AvClip.frameAt(TestData.path(file(n)), middle);
      try {
        return StillFace.jitteredLandmarks(engine, frame, clip.frameTimesMs().length, n.hashCode());
      } finally {
        frame.close();
      }
    });
  }

  /** GRID clips whole (3 s), HDTF in 3, 4.5 and 6 s windows (validate_video's range). */
  static List<Window> windows(FaceEngine engine) {
    List<Window> windows = new ArrayList<>();
    for (String name : GRID) {
      windows.add(new Window(clip(name, engine), 0, 2980));
    }
    for (String name : HDTF) {
      AvClip clip = clip(name, engine);
      for (long duration : new long[] {3000, 4500, 6000}) {
        long step = duration == 6000 ? 2000 : 1000;
        for (long start = 0; start + duration <= 8000; start += step) {
          windows.add(new Window(clip, start, duration));
        }
      }
    }
    return windows;
  }

  /** Every trial kind on every window, seeded so the report is reproducible. */
  static List<Trial> all(FaceEngine engine) {
    return all(engine, MouthOpening::of);
  }

  /** The same trials with another opening measure of the landmarks (for comparing measures). */
  static List<Trial> all(FaceEngine engine, ToDoubleFunction<float[]> measure) {
    Random random = new Random(20_240_607);
    List<Trial> trials = new ArrayList<>();
    for (Window w : windows(engine)) {
      trials.addAll(forWindow(w, engine, random, measure));
    }
    return trials;
  }

  static List<Trial> forWindow(Window w, FaceEngine engine, Random random, ToDoubleFunction<float[]> measure) {
    List<Trial> trials = new ArrayList<>();
    float[] openings = w.openings(AvClip.openings(w.clip().landmarks(), measure));
    short[] own = excerpt(w.clip(), w.startMs(), w.durationMs());
    trials.add(trial(Kind.IN_SYNC, w, openings, "own", own, null));
    trials.add(trial(Kind.IN_SYNC_LOSSY, w, dropFrames(openings, 0.25, random), "own", own, null));
    for (String speaker : FsddDigits.SPEAKERS) {
      String digits = randomDigits(random);
      RevoicedSpeech.Revoiced revoiced = RevoicedSpeech.align(own, digits,
          d -> FsddDigits.audio(d, speaker, random.nextInt(FsddDigits.TAKES)));
      trials.add(trial(Kind.REVOICED, w, openings, speaker + ":" + digits,
          noisy(revoiced.audio(), random), revoiced.digitSpans()));
    }
    for (long shift : SHIFTS_MS) {
      trials.add(trial(Kind.SHIFTED, w, openings, "own" + (shift > 0 ? "+" : "") + shift,
          excerpt(w.clip(), w.startMs() + shift, w.durationMs()), null));
    }
    for (String other : otherClips(w.clip().name())) {
      AvClip source = CLIPS.get(other);
      long start = source.durationMs() > w.durationMs() + 500
          ? random.nextInt((int) (source.durationMs() - w.durationMs())) : 0;
      Kind kind = isGrid(other) && isGrid(w.clip().name()) ? Kind.SWAPPED_GRID : Kind.SWAPPED;
      trials.add(trial(kind, w, openings, other + "@" + start,
          excerpt(source, start, w.durationMs()), null));
    }
    for (int k = 0; k < 3; k++) {
      trials.add(joinedDigits(w, openings, random));
    }
    float[] still = new float[openings.length];
    Arrays.fill(still, openings[openings.length / 2]);
    trials.add(trial(Kind.STILL, w, still, "own", own, null));
    float[] jittered = AvClip.openings(jitteredStill(w.clip(), engine), measure);
    trials.add(trial(Kind.STILL_JITTER, w, w.openings(jittered), "own", own, null));
    return trials;
  }

  static Trial trial(Kind kind, Window w, float[] openings, String audioLabel, short[] audio,
      List<long[]> knownSpans) {
    float[] envelope = AudioEnvelope.logBand(audio, ENVELOPE_RATE);
    List<long[]> spans = knownSpans != null ? knownSpans : AudioEnvelope.speechSpans(envelope, ENVELOPE_RATE);
    long[] times = w.times();
    return new Trial(kind, w.label(), audioLabel, w.startMs(), w.durationMs(),
        LipSyncScorer.score(times, openings, envelope, ENVELOPE_RATE, spans),
        LipSyncScorer.score(times, openings, envelope, ENVELOPE_RATE, List.of()));
  }

  /** Four random digits by one FSDD speaker, 150-450 ms apart, after a 0.2-0.8 s lead. */
  private static Trial joinedDigits(Window w, float[] openings, Random random) {
    String speaker = FsddDigits.SPEAKERS[random.nextInt(FsddDigits.SPEAKERS.length)];
    String digits = randomDigits(random);
    int samplesPerMs = AudioEnvelope.SAMPLE_RATE / 1000;
    short[] audio = new short[(int) (w.durationMs() * samplesPerMs)];
    List<long[]> spans = new ArrayList<>();
    int at = (200 + random.nextInt(600)) * samplesPerMs;
    for (char d : digits.toCharArray()) {
      short[] digit = RevoicedSpeech.trimSilence(FsddDigits.audio(d, speaker, random.nextInt(FsddDigits.TAKES)));
      double gain = 12_000.0 / peak(digit);
      int n = Math.min(digit.length, audio.length - at);
      for (int i = 0; i < n; i++) {
        audio[at + i] = (short) Math.round(digit[i] * gain);
      }
      if (n > 0) {
        spans.add(new long[] {at / samplesPerMs, (at + n) / samplesPerMs});
      }
      at += digit.length + (150 + random.nextInt(300)) * samplesPerMs;
      if (at >= audio.length) {
        break;
      }
    }
    return trial(Kind.DIGITS, w, openings, speaker + ":" + digits, noisy(audio, random), spans);
  }

  /** The clip's audio from {@code startMs} (wrapping around its ends) for {@code durationMs}. */
  static short[] excerpt(AvClip clip, long startMs, long durationMs) {
    short[] source = clip.audio16k();
    int samplesPerMs = AudioEnvelope.SAMPLE_RATE / 1000;
    short[] out = new short[(int) (durationMs * samplesPerMs)];
    int from = Math.floorMod(startMs * samplesPerMs, source.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = source[(from + i) % source.length];
    }
    return out;
  }

  static float[] dropFrames(float[] openings, double share, Random random) {
    float[] out = openings.clone();
    for (int i = 0; i < out.length; i++) {
      if (random.nextDouble() < share) {
        out[i] = Float.NaN;
      }
    }
    return out;
  }

  private static List<String> otherClips(String name) {
    List<String> others = new ArrayList<>(List.of(GRID));
    others.addAll(List.of(HDTF));
    others.remove(name);
    return others;
  }

  private static boolean isGrid(String name) {
    return List.of(GRID).contains(name);
  }

  private static String randomDigits(Random random) {
    return String.format("%04d", random.nextInt(10_000));
  }

  static short[] noisy(short[] audio, Random random) {
    short[] out = new short[audio.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
          Math.round(audio[i] + random.nextGaussian() * NOISE)));
    }
    return out;
  }

  private static double peak(short[] x) {
    int peak = 1;
    for (short v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak;
  }
}
