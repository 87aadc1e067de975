package org.faceid.streams.processors.speech;

import java.util.List;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Moonshine's transcript support, which decides whether the issued number was read
 * ({@code compare.VideoLiveness}; left out per speaker, it accepted far more genuine readings than
 * PocketSphinx's check at the same impostor limits, MODELS.md "Spoken digits"), with PocketSphinx's
 * alignment of the issued digits for lip sync. PocketSphinx's own check is not run: where Moonshine
 * decides its support was only evidence, and scoring every competing number was about 280 ms of the
 * 300 ms it spent on a reading (12 ms to align). The heard reading is the issued number where
 * the transcript supports it, else Moonshine's likeliest ({@link MoonshineScorer.Judgement}).
 *
 * <p>The two engines run side by side, Moonshine on a pool of its own, so a reading waits for the
 * slower of them rather than for both in turn.
 */
final class TranscriptCheckedRecognizer implements SpeechRecognizer {

  private final SpeechRecognizer aligner;
  private final MoonshineScorer transcripts;
  private final ExecutorService transcribing = Executors.newFixedThreadPool(
      Runtime.getRuntime().availableProcessors(), Thread.ofPlatform().daemon().name("moonshine-", 0).factory());

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
    CompletableFuture<MoonshineScorer.Judgement> transcript = CompletableFuture.supplyAsync(
        () -> transcripts.judge(transcripts.listen(pcm16kMono), issued), transcribing);
    List<Word> aligned;
    try {
      aligned = aligner.issuedWords(pcm16kMono, issued);
    } catch (RuntimeException | Error e) {
      transcript.handle((heard, failure) -> null).join();   // never leave Moonshine reading this buffer alone
      throw e;
    }
    MoonshineScorer.Judgement judged = transcript.join();
    // Within the calibrated margin the issued number is what was heard, even where the model's own
    // likeliest text was not a number at all ("By nine, four, eight." for 5948).
    String heard = IssuedNumberThresholds.transcriptSupported(judged.support(), judged.overNeighbours(), false)
        ? issued : judged.heard();
    return new Verification(heard, null, aligned, null, judged.support(), judged.overNeighbours());
  }

  @Override
  public String name() {
    return aligner.name() + "+moonshine-tiny";
  }

  @Override
  public void close() {
    transcribing.shutdown();
    try {
      transcribing.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      transcripts.close();
    } finally {
      aligner.close();
    }
  }
}
