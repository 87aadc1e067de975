package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.faceid.streams.processors.decode.TestData;
import org.faceid.streams.processors.face.FaceEngine;
import org.faceid.streams.processors.signals.LipSyncScorer.Evidence;
import org.faceid.streams.processors.speech.SpokenDigits;

/**
 * In-sync readings and dubbing attacks on real faces with real voices, as the lip-sync scorer sees
 * them: the mouth track of a clip (all its frames, or every 2nd: the 12.5 fps the decode stage keeps
 * of 25 fps video), the 16 kHz audio's envelope and the digit spans the speech stage aligns to the
 * issued number on that audio (IssuedDigitSpans; for attacks too, as production would).
 *
 * <p>Two sources of faces. The re-timed readings: a GRID face whose pictures are re-timed so that
 * its own words articulate the digits of an FSDD reading (as {@link RevoicedSpeech#retimedClip}
 * renders it, here from the landmarks of the source frames without re-encoding). And the AV clips
 * themselves (GRID sentences, HDTF windows) with their own speech, whose word spans are voice
 * activity.
 */
final class DubbingTrials {

  enum Family {
    READING("in sync: re-timed GRID face reading FSDD digits", true),
    OWN_SPEECH("in sync: GRID/HDTF clip with its own speech", true),
    OTHER_VOICE("another person's voice reading the digits (or speaking) over the face", false),
    OTHER_MOMENT("the same person's audio from another moment (another take / window)", false),
    SHIFTED("the face's own audio shifted by 0.3-1.5 s", false),
    STILL("a frozen frame or a re-captured photo with the audio", false),
    ALIGNED_DUB("digits dubbed onto the onsets of the face's own sentence (talks in the pauses)", false);

    final String description;
    final boolean genuine;

    Family(String description, boolean genuine) {
      this.description = description;
      this.genuine = genuine;
    }
  }

  /** One trial: the face's clip, where its audio came from, the clips it involves, its cues. */
  record Trial(Family family, String face, String audio, Set<String> clips, Evidence evidence) {}

  /** A mouth track: frame times (ms from the clip's start) and openings (NaN without a face). */
  record Track(long[] times, float[] openings) {

    Track every(int step) {
      int n = (times.length + step - 1) / step;
      long[] t = new long[n];
      float[] o = new float[n];
      for (int i = 0; i < n; i++) {
        t[i] = times[i * step];
        o[i] = openings[i * step];
      }
      return new Track(t, o);
    }

    /** The openings repeated from the start over other frame times (a photo held longer). */
    Track cycledOver(long[] otherTimes) {
      float[] o = new float[otherTimes.length];
      for (int i = 0; i < o.length; i++) {
        o[i] = openings[i % openings.length];
      }
      return new Track(otherTimes, o);
    }

    Track frozen() {
      float[] o = new float[openings.length];
      Arrays.fill(o, openings[openings.length / 2]);
      return new Track(times, o);
    }
  }

  static final long[] SHIFTS_MS = {-1500, -1000, -500, -300, 300, 500, 1000, 1500};
  static final int ENVELOPE_RATE = 100;
  /** Readings per GRID face: each FSDD speaker reads this many numbers. */
  static final int NUMBERS_PER_SPEAKER = 4;
  private static final double FPS = 25;
  private static final int MS = AudioEnvelope.SAMPLE_RATE / 1000;

  private static final Map<String, AvClip> CLIPS = new LinkedHashMap<>();
  private static final Map<String, Track> PHOTOS = new LinkedHashMap<>();

  private DubbingTrials() {}

  /** Every frame of a clip with its landmarks (cached: the landmarks are the slow part). */
  static synchronized AvClip clip(String name, FaceEngine engine) {
    return CLIPS.computeIfAbsent(name, n -> AvClip.load(n, TestData.path(LipSyncTrials.file(n)), 1, engine));
  }

  static List<String> clipNames() {
    List<String> names = new ArrayList<>(List.of(LipSyncTrials.GRID));
    names.addAll(List.of(LipSyncTrials.HDTF));
    return names;
  }

  /** Every trial on every clip at one frame step (1: all 25 fps frames, 2: 12.5 fps), seeded. */
  static List<Trial> all(FaceEngine engine, int frameStep) {
    Random random = new Random(20_261_124);
    List<Trial> trials = new ArrayList<>();
    for (String name : LipSyncTrials.GRID) {
      trials.addAll(readings(clip(name, engine), engine, frameStep, random));
    }
    for (String name : clipNames()) {
      trials.addAll(ownSpeech(clip(name, engine), engine, frameStep, random));
    }
    return trials;
  }

  /** One face's readings: every FSDD speaker reads {@link #NUMBERS_PER_SPEAKER} numbers, and the attacks on each. */
  static List<Trial> readings(AvClip face, FaceEngine engine, int frameStep, Random random) {
    List<Trial> trials = new ArrayList<>();
    Track photo = photo(face, engine);
    for (String speaker : FsddDigits.SPEAKERS) {
      for (int n = 0; n < NUMBERS_PER_SPEAKER; n++) {
        String digits = String.format("%04d", random.nextInt(10_000));
        int take = random.nextInt(SpokenDigits.TAKES);
        trials.addAll(reading(face, photo, digits, speaker, take, frameStep, random));
      }
    }
    return trials;
  }

  /** A reading, and the attacks on that face and reading: other voice, other take, shifted, still. */
  static List<Trial> reading(AvClip face, Track photo, String digits, String speaker, int take, int frameStep,
      Random random) {
    SpokenDigits.Utterance reading = SpokenDigits.compose(digits, speaker, take);
    double seconds = Math.max(RevoicedSpeech.MIN_CLIP_SECONDS, reading.pcm().length / (double) SpokenDigits.RATE);
    Track full = retimedTrack(face, reading, seconds);
    Track track = full.every(frameStep);
    Track held = photo.cycledOver(full.times()).every(frameStep);
    Audio own = Audio.of(reading, digits, seconds);
    String label = speaker + ":" + digits + "#" + take;
    Set<String> clips = Set.of(face.name());
    List<Trial> trials = new ArrayList<>();
    trials.add(trial(Family.READING, face, label, clips, track, own));
    for (String other : FsddDigits.SPEAKERS) {
      if (!other.equals(speaker)) {
        int otherTake = random.nextInt(SpokenDigits.TAKES);
        trials.add(trial(Family.OTHER_VOICE, face, other + ":" + digits + "#" + otherTake, clips, track,
            Audio.of(SpokenDigits.compose(digits, other, otherTake), digits, seconds)));
      }
    }
    for (int otherTake : otherTakes(take, random)) {
      trials.add(trial(Family.OTHER_MOMENT, face, speaker + ":" + digits + "#" + otherTake, clips, track,
          Audio.of(SpokenDigits.compose(digits, speaker, otherTake), digits, seconds)));
    }
    for (long shift : SHIFTS_MS) {
      trials.add(trial(Family.SHIFTED, face, label + (shift > 0 ? "+" : "") + shift, clips, track,
          own.shifted(shift, random)));
    }
    trials.add(trial(Family.STILL, face, label + " frozen", clips, track.frozen(), own));
    trials.add(trial(Family.STILL, face, label + " photo", clips, held, own));
    return trials;
  }

  private static int[] otherTakes(int take, Random random) {
    int a = (take + 1 + random.nextInt(SpokenDigits.TAKES - 1)) % SpokenDigits.TAKES;
    int b = (a + 1) % SpokenDigits.TAKES == take ? (a + 2) % SpokenDigits.TAKES : (a + 1) % SpokenDigits.TAKES;
    return new int[] {a, b};
  }

  /**
   * The face re-timed to a reading, as RevoicedSpeech.retimedClip renders it: output frame k at k/25 s
   * shows the source frame nearest the mapped time.
   */
  static Track retimedTrack(AvClip face, SpokenDigits.Utterance reading, double seconds) {
    java.util.function.DoubleUnaryOperator sourceTime = RevoicedSpeech.sourceTime(face.audio16k(), reading);
    float[] source = face.mouthOpening();
    int frames = (int) Math.round(seconds * FPS);
    long[] times = new long[frames];
    float[] openings = new float[frames];
    for (int k = 0; k < frames; k++) {
      times[k] = Math.round(k * 1000 / FPS);
      double sourceSeconds = Math.max(0, sourceTime.applyAsDouble(k / FPS));
      openings[k] = source[Math.min(source.length - 1, (int) Math.round(sourceSeconds * FPS))];
    }
    return new Track(times, openings);
  }

  /** The clip's own speech in the GRID clip and in 3, 4.5 and 6 s HDTF windows, and the attacks on each. */
  static List<Trial> ownSpeech(AvClip clip, FaceEngine engine, int frameStep, Random random) {
    List<Trial> trials = new ArrayList<>();
    Track all = new Track(clip.frameTimesMs(), clip.mouthOpening()).every(frameStep);
    Track photo = photo(clip, engine).every(frameStep);
    for (LipSyncTrials.Window w : windows(clip)) {
      Track track = window(all, w);
      Set<String> clips = Set.of(clip.name());
      Audio own = Audio.excerpt(clip, w.startMs(), w.durationMs());
      trials.add(trial(Family.OWN_SPEECH, clip, "own", clips, track, own));
      for (long shift : SHIFTS_MS) {
        trials.add(trial(Family.SHIFTED, clip, "own" + (shift > 0 ? "+" : "") + shift, clips, track,
            Audio.excerpt(clip, w.startMs() + shift, w.durationMs())));
      }
      if (!isGrid(clip.name())) {
        for (long moment = 2000; moment < clip.durationMs() - w.durationMs(); moment += 1000) {
          trials.add(trial(Family.OTHER_MOMENT, clip, "own@+" + moment, clips, track,
              Audio.excerpt(clip, w.startMs() + moment, w.durationMs())));
        }
      }
      for (String other : clipNames()) {
        if (!other.equals(clip.name())) {
          AvClip source = clip(other, engine);
          long start = source.durationMs() > w.durationMs() + 500
              ? random.nextInt((int) (source.durationMs() - w.durationMs())) : 0;
          trials.add(trial(Family.OTHER_VOICE, clip, other + "@" + start, Set.of(clip.name(), other), track,
              Audio.excerpt(source, start, w.durationMs())));
        }
      }
      for (String speaker : FsddDigits.SPEAKERS) {
        String digits = String.format("%04d", random.nextInt(10_000));
        int take = random.nextInt(SpokenDigits.TAKES);
        SpokenDigits.Utterance reading = SpokenDigits.compose(digits, speaker, take);
        trials.add(trial(Family.OTHER_VOICE, clip, speaker + ":" + digits + " unaligned", clips, track,
            Audio.of(reading, digits, w.durationMs() / 1000.0).shifted(random.nextInt(600), random)));
        RevoicedSpeech.Revoiced dub = RevoicedSpeech.align(own.pcm(), digits, d -> FsddDigits.audio(d, speaker, take));
        trials.add(trial(Family.ALIGNED_DUB, clip, speaker + ":" + digits + " on own words", clips, track,
            new Audio(LipSyncTrials.noisy(dub.audio(), random), digits)));
      }
      trials.add(trial(Family.STILL, clip, "own frozen", clips, track.frozen(), own));
      trials.add(trial(Family.STILL, clip, "own photo", clips, window(photo, w), own));
    }
    return trials;
  }

  /** GRID clips whole (3 s), HDTF in 3, 4.5 and 6 s windows (validate_video's range). */
  static List<LipSyncTrials.Window> windows(AvClip clip) {
    if (isGrid(clip.name())) {
      return List.of(new LipSyncTrials.Window(clip, 0, 2980));
    }
    List<LipSyncTrials.Window> windows = new ArrayList<>();
    for (long duration : new long[] {3000, 4500, 6000}) {
      long step = duration == 6000 ? 2000 : 1000;
      for (long start = 0; start + duration <= 8000; start += step) {
        windows.add(new LipSyncTrials.Window(clip, start, duration));
      }
    }
    return windows;
  }

  private static Track window(Track all, LipSyncTrials.Window w) {
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < all.times().length; i++) {
      if (all.times()[i] >= w.startMs() && all.times()[i] < w.startMs() + w.durationMs()) {
        kept.add(i);
      }
    }
    long[] t = new long[kept.size()];
    float[] o = new float[kept.size()];
    for (int k = 0; k < t.length; k++) {
      t[k] = all.times()[kept.get(k)] - w.startMs();
      o[k] = all.openings()[kept.get(k)];
    }
    return new Track(t, o);
  }

  /** The clip's middle frame held up as a photo, re-captured once per frame (25 fps), cached. */
  private static synchronized Track photo(AvClip clip, FaceEngine engine) {
    return PHOTOS.computeIfAbsent(clip.name(), n -> recaptured(clip, engine));
  }

  private static Track recaptured(AvClip clip, FaceEngine engine) {
    var frame = AvClip.frameAt(TestData.path(LipSyncTrials.file(clip.name())), clip.frameTimesMs().length / 2);
    float[][] landmarks;
    try {
      landmarks = StillFace.jitteredLandmarks(engine, frame, clip.frameTimesMs().length, clip.name().hashCode());
    } finally {
      frame.close();
    }
    long[] times = new long[landmarks.length];
    for (int i = 0; i < times.length; i++) {
      times[i] = Math.round(i * 1000 / FPS);
    }
    return new Track(times, AvClip.openings(landmarks, MouthTrackSource.CHOSEN::opening));
  }

  static Trial trial(Family family, AvClip face, String audioLabel, Set<String> clips, Track track, Audio audio) {
    float[] envelope = AudioEnvelope.logBand(audio.pcm(), ENVELOPE_RATE);
    List<long[]> spans = audio.digits() != null ? IssuedDigitSpans.of(audio.pcm(), audio.digits())
        : AudioEnvelope.speechSpans(envelope, ENVELOPE_RATE);
    return new Trial(family, face.name(), audioLabel, clips,
        LipSyncScorer.evidence(track.times(), track.openings(), envelope, ENVELOPE_RATE, spans));
  }

  static boolean isGrid(String name) {
    return List.of(LipSyncTrials.GRID).contains(name);
  }

  /**
   * 16 kHz audio and the number issued for it (null: none, the scorer's voice activity stands in);
   * its digit spans are the speech stage's alignment of that number (IssuedDigitSpans).
   */
  record Audio(short[] pcm, String digits) {

    /** A reading padded with silence or cut to {@code seconds}. */
    static Audio of(SpokenDigits.Utterance reading, String digits, double seconds) {
      return new Audio(Arrays.copyOf(reading.pcm(), (int) Math.round(seconds * AudioEnvelope.SAMPLE_RATE)), digits);
    }

    static Audio excerpt(AvClip clip, long startMs, long durationMs) {
      return new Audio(LipSyncTrials.excerpt(clip, startMs, durationMs), null);
    }

    /** Played {@code shiftMs} late (early when negative), silence where nothing plays, with noise. */
    Audio shifted(long shiftMs, Random random) {
      short[] out = new short[pcm.length];
      int by = (int) (shiftMs * MS);
      for (int i = 0; i < out.length; i++) {
        int from = i - by;
        out[i] = from >= 0 && from < pcm.length ? pcm[from] : 0;
      }
      return new Audio(LipSyncTrials.noisy(out, random), digits);
    }
  }
}
