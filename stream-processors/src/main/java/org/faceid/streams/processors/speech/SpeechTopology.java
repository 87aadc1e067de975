package org.faceid.streams.processors.speech;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.signals.AudioEnvelope;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.SpokenWord;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topics;

/**
 * Speech stage: measures how well the digits spoken in a validate_video clip support the issued
 * number against every other number of its length ({@link Verification}), with the reading heard,
 * the digits' timings and the voice band's envelope the lip-sync scorer compares with the mouth.
 * Whether that is enough is verify's call ({@code compare.VideoLiveness}), not this stage's.
 */
public final class SpeechTopology {

  public static final String STAGE = "speech";
  static final int ENVELOPE_RATE_HZ = 100;

  private final SpeechRecognizer recognizer;

  public SpeechTopology(SpeechRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    Routing.route(Requests.stream(builder, Topics.VIDEO_DECODED)
            .filter((requestId, video) -> video.getFlow() == VideoFlow.VALIDATE_VIDEO)
            .mapValues(video -> Guarded.outcome(STAGE, video.getMeta(), () -> Outcome.next(analyze(video)))),
        Topics.SPEECH_ANALYZED, s -> s.getMeta().getRequestId());
    return builder.build();
  }

  SpeechAnalysis analyze(DecodedVideo video) {
    short[] pcm = pcm(video.getAudioPcm());
    Verification verification = recognizer.verify(pcm, video.getIssued().getRandomNumber());
    List<SpokenWord> words = new ArrayList<>();
    for (Word w : verification.issuedWords()) {
      words.add(new SpokenWord(w.word(), w.startMs(), w.endMs()));
    }
    List<Float> envelope = new ArrayList<>();
    for (float v : AudioEnvelope.logBand(pcm, ENVELOPE_RATE_HZ)) {
      envelope.add(v);
    }
    return SpeechAnalysis.newBuilder()
        .setMeta(video.getMeta()).setStatus(StageStatus.OK)
        .setDigits(verification.heard()).setEngine(recognizer.name()).setWords(words)
        .setIssuedSupport(verification.support()).setSpeechInDigits(verification.speechInDigits())
        .setTranscriptSupport(verification.transcriptSupport())
        .setTranscriptOverNeighbours(verification.transcriptOverNeighbours())
        .setEnvelopeRateHz(ENVELOPE_RATE_HZ).setEnvelope(envelope)
        .build();
  }

  /** 16 kHz mono signed 16-bit little-endian, as the decode stage writes it, as samples. */
  public static short[] pcm(ByteBuffer bytes) {
    ByteBuffer view = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    short[] pcm = new short[view.remaining() / 2];
    view.asShortBuffer().get(pcm);
    return pcm;
  }
}
