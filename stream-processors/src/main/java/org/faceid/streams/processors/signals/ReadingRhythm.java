package org.faceid.streams.processors.signals;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the mouth keeps the rhythm of the digits being read: it moves while a digit is spoken and
 * rests in the pauses between digits. Frame correlation with the envelope blurs this; a face talking
 * through the pauses (a dub over someone's own sentence), or resting while a digit sounds (shifted
 * or re-recorded audio), shows here. (The opening's rise at each digit's onset was tried as a third
 * cue and separated nothing the contrasts did not: LipSyncCalibration gave it a negative weight.)
 *
 * <p>Times are the mouth's: a digit spoken at audio time t is articulated at t - lag.
 */
final class ReadingRhythm {

  /** Pauses shorter than this (two frames at 12.5 fps) hold no frame far enough from both digits. */
  static final int MIN_PAUSE_MS = 120;

  private ReadingRhythm() {}

  /**
   * Rank contrast (-1..1) of mouth speed during the digits against the pauses around them: the
   * Mann-Whitney probability that a frame pair inside a digit moves faster than one in a pause,
   * rescaled; 0 when either side has no frame pair. Pauses are the gaps between digits and the
   * lead-in and tail of the clip.
   */
  static double pauseContrast(LipSyncScorer.Motion motion, List<long[]> digits, double lagMs) {
    return contrast(motion, digits, lagMs, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** {@link #pauseContrast} with only the pauses between digits (not the lead-in and the tail). */
  static double gapContrast(LipSyncScorer.Motion motion, List<long[]> digits, double lagMs) {
    return digits.size() < 2 ? 0
        : contrast(motion, digits, lagMs, digits.get(0)[0], digits.get(digits.size() - 1)[1]);
  }

  private static double contrast(LipSyncScorer.Motion motion, List<long[]> digits, double lagMs, double from,
      double to) {
    List<Double> speaking = new ArrayList<>();
    List<Double> resting = new ArrayList<>();
    for (int i = 0; i < motion.times().length; i++) {
      double audioTime = motion.times()[i] + lagMs;
      if (audioTime < from || audioTime > to) {
        continue;
      }
      switch (place(audioTime, digits)) {
        case DIGIT -> speaking.add(motion.speed()[i]);
        case PAUSE -> resting.add(motion.speed()[i]);
        default -> { }
      }
    }
    return rankContrast(speaking, resting);
  }

  private enum Place { DIGIT, PAUSE, EDGE }

  /** Inside a digit, well inside a pause, or near a digit's edge (a transition, counted neither way). */
  private static Place place(double t, List<long[]> digits) {
    double nearestEdge = Double.POSITIVE_INFINITY;
    for (long[] d : digits) {
      if (t >= d[0] && t <= d[1]) {
        return Place.DIGIT;
      }
      nearestEdge = Math.min(nearestEdge, Math.min(Math.abs(t - d[0]), Math.abs(t - d[1])));
    }
    return nearestEdge >= MIN_PAUSE_MS / 2.0 ? Place.PAUSE : Place.EDGE;
  }

  static double rankContrast(List<Double> high, List<Double> low) {
    if (high.isEmpty() || low.isEmpty()) {
      return 0;
    }
    double wins = 0;
    for (double h : high) {
      for (double l : low) {
        wins += h > l ? 1 : h == l ? 0.5 : 0;
      }
    }
    return 2 * wins / ((double) high.size() * low.size()) - 1;
  }
}
