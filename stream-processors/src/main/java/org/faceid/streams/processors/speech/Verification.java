package org.faceid.streams.processors.speech;

import java.util.List;

/**
 * How well a spoken number supports the number that was issued.
 *
 * @param heard the reading the audio supports best ({@code issued} itself or its best competitor),
 *     null when nothing was recognised
 * @param support log-likelihood ratio per 10 ms frame and model of the issued number against the
 *     best other number of its length (positive: the issued number is the better reading);
 *     {@link #NO_SUPPORT} when there is no speech or no path through the issued number; null when
 *     the engine cannot score readings (then only {@code heard} can be compared)
 * @param issuedWords the issued digits as aligned to the audio, with their times (engines that
 *     cannot align: the words heard); empty when there is no alignment
 * @param speechInDigits share of the utterance's speech frames inside the aligned issued digits
 *     (low when other words were spoken too); null when the engine cannot align
 * @param transcriptSupport {@link MoonshineScorer#support}: the issued number as text against its
 *     one-digit neighbours and the free transcription; null without the Moonshine model
 * @param transcriptOverNeighbours {@link MoonshineScorer.Judgement#overNeighbours}: against the
 *     neighbours alone; null without the Moonshine model
 */
public record Verification(String heard, Double support, List<Word> issuedWords, Double speechInDigits,
    Double transcriptSupport, Double transcriptOverNeighbours) {

  public static final double NO_SUPPORT = Double.NEGATIVE_INFINITY;

  public Verification {
    issuedWords = List.copyOf(issuedWords);
  }

  public Verification(String heard, Double support, List<Word> issuedWords, Double speechInDigits) {
    this(heard, support, issuedWords, speechInDigits, null, null);
  }

  static Verification noSpeech() {
    return new Verification(null, NO_SUPPORT, List.of(), 0.0);
  }
}
