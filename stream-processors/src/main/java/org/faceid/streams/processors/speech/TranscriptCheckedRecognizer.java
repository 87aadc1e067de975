package org.faceid.streams.processors.speech;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * PocketSphinx's verification (the digits' times for lip sync, its own support as evidence) with
 * Moonshine's transcript support added, which then decides whether the issued number was read
 * ({@code compare.VideoLiveness}): left out per speaker, Moonshine accepted far more genuine readings
 * at the same impostor limits (MODELS.md, "Spoken digits").
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
    CompletableFuture<Double> transcript = CompletableFuture.supplyAsync(
        () -> transcripts.support(transcripts.listen(pcm16kMono), issued), transcribing);
    Verification aligned;
    try {
      aligned = aligner.verify(pcm16kMono, issued);
    } catch (RuntimeException | Error e) {
      transcript.handle((support, failure) -> null).join();   // never leave Moonshine reading this buffer alone
      throw e;
    }
    return aligned.withTranscriptSupport(transcript.join());
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
