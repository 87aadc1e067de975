package org.faceid.streams.processors.speech;

/**
 * PocketSphinx's verification (the digits' times for lip sync, its own support as evidence) with
 * Moonshine's transcript support added, which then decides whether the issued number was read
 * ({@code compare.VideoLiveness}): left out per speaker, Moonshine accepted far more genuine readings
 * at the same impostor limits (MODELS.md, "Spoken digits").
 */
final class TranscriptCheckedRecognizer implements SpeechRecognizer {

  private final SpeechRecognizer aligner;
  private final MoonshineScorer transcripts;

  TranscriptCheckedRecognizer(SpeechRecognizer aligner, MoonshineScorer transcripts) {
    this.aligner = aligner;
    this.transcripts = transcripts;
  }

  @Override
  public Recognition recognize(short[] pcm16kMono, int digitCount) {
    return aligner.recognize(pcm16kMono, digitCount);
  }

  @Override
  public Verification verify(short[] pcm16kMono, String issued) {
    Verification aligned = aligner.verify(pcm16kMono, issued);
    return aligned.withTranscriptSupport(transcripts.support(transcripts.listen(pcm16kMono), issued));
  }

  @Override
  public String name() {
    return aligner.name() + "+moonshine-tiny";
  }

  @Override
  public void close() {
    try {
      transcripts.close();
    } finally {
      aligner.close();
    }
  }
}
