package org.faceid.streams.processors.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.faceid.streams.processors.face.MatchThresholds;
import org.faceid.streams.processors.signals.LipSyncScorer;
import org.faceid.streams.processors.signals.IssuedNumberThresholds;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.Liveness;
import org.faceid.streams.schema.VideoEvidence;
import org.faceid.streams.schema.VideoFlow;
import org.junit.jupiter.api.Test;

/** Seed 002's procedure order and the strict options, on the measurements a video token carries. */
class VideoLivenessTest {

  private final MatchThresholds thresholds = MatchThresholds.load();
  private final VideoLiveness videos = new VideoLiveness(thresholds);

  private VideoEvidence.Builder passing() {
    return VideoEvidence.newBuilder().setFlow(VideoFlow.VALIDATE_VIDEO)
        .setFace(FaceEvidence.newBuilder().setFormat("jpeg").setEmbedding(ByteBuffer.wrap(new byte[2048]))
            .setLiveScore(0.99).setYaw(0).setPitch(0).setRoll(0).setBlur(0.4).setBrightness(140).setEyesOpen(1).build())
        .setExpectedDigits("4096").setSpokenDigits("4096")
        .setIssuedSupport((float) IssuedNumberThresholds.SUPPORT_MIN_STRICT + 0.01f).setSpeechInDigits(1f)
        .setSyncScore((float) LipSyncScorer.IN_SYNC_MIN_STRICT + 0.01f)
        .setIdentityMinSimilarity((float) thresholds.far1e3() + 0.01f)
        .setLiveScore((float) VideoLiveness.STRICT_LIVE_THRESHOLD + 0.01f);
  }

  private Liveness judge(VideoEvidence.Builder evidence, String preferences) {
    return videos.judge(evidence.build(), preferences);
  }

  @Test
  void aCleanClipPassesEvenStrict() {
    for (String preferences : new String[] {"none", "video_strict"}) {
      Liveness l = judge(passing(), preferences);
      assertThat(l.getProcedureValidation()).as(preferences).isEqualTo("PASSED");
      assertThat(l.getFaceGenuineness()).as(preferences).isEqualTo("PASSED");
    }
  }

  @Test
  void anUnsupportedIssuedNumberIsASpeechErrorBeforeAnythingElse() {
    Liveness wrong = judge(passing().setSpokenDigits("4095").setIssuedSupport((float) IssuedNumberThresholds.SUPPORT_MIN - 0.01f)
        .setSyncScore(-1f).setIdentityMinSimilarity(0f), "none");
    assertThat(wrong.getProcedureValidation()).isEqualTo("VIDEO_SR_ERROR");
    assertThat(wrong.getFaceGenuineness()).as("no genuineness unless the procedure passed").isNull();
    assertThat(judge(passing().setSpokenDigits(null).setIssuedSupport(Float.NEGATIVE_INFINITY).setSpeechInDigits(0f), "none")
        .getProcedureValidation()).as("no speech").isEqualTo("VIDEO_SR_ERROR");
  }

  @Test
  void theScoreDecidesNotTheDigitsHeard() {
    // A digit heard wrong by a small margin still supports the issued number; speech around the digits does not.
    assertThat(judge(passing().setSpokenDigits("4098"), "none").getProcedureValidation()).isEqualTo("PASSED");
    assertThat(judge(passing().setSpeechInDigits((float) IssuedNumberThresholds.SPEECH_IN_DIGITS_MIN - 0.01f), "none")
        .getProcedureValidation()).isEqualTo("VIDEO_SR_ERROR");
  }

  @Test
  void videoStrictAsksForMoreSupport() {
    VideoEvidence.Builder borderline = passing()
        .setIssuedSupport((float) (IssuedNumberThresholds.SUPPORT_MIN + IssuedNumberThresholds.SUPPORT_MIN_STRICT) / 2);
    assertThat(judge(borderline, "none").getProcedureValidation()).isEqualTo("PASSED");
    assertThat(judge(borderline, "video_strict").getProcedureValidation()).isEqualTo("VIDEO_SR_ERROR");
  }

  @Test
  void moonshineTranscriptSupportDecidesWhereItRan() {
    // PocketSphinx's support passes, Moonshine's refuses: Moonshine decides, and the other way round.
    // Evidence without the neighbour margin (tokens from before it was kept): the one-threshold rule.
    float below = (float) IssuedNumberThresholds.TRANSCRIPT_SUPPORT_MIN - 0.01f;
    assertThat(judge(passing().setTranscriptSupport(below), "none").getProcedureValidation()).isEqualTo("VIDEO_SR_ERROR");
    VideoEvidence.Builder moonshineOnly = passing().setIssuedSupport(Float.NEGATIVE_INFINITY).setSpeechInDigits(0f)
        .setTranscriptSupport((float) IssuedNumberThresholds.TRANSCRIPT_SUPPORT_MIN + 0.01f);
    assertThat(judge(moonshineOnly, "none").getProcedureValidation()).isEqualTo("PASSED");
    assertThat(judge(moonshineOnly, "video_strict").getProcedureValidation()).isEqualTo("VIDEO_SR_ERROR");
    assertThat(judge(moonshineOnly.setTranscriptSupport((float) IssuedNumberThresholds.TRANSCRIPT_SUPPORT_MIN_STRICT + 0.01f),
        "video_strict").getProcedureValidation()).isEqualTo("PASSED");
  }

  @Test
  void moonshineMarginsAreJudgedApart() {
    // Beats every neighbour but loses to free text that is not a number: accepted within the free-text cut.
    VideoEvidence.Builder accented = passing().setIssuedSupport(Float.NEGATIVE_INFINITY).setSpeechInDigits(0f)
        .setTranscriptOverNeighbours(2f)
        .setTranscriptSupport((float) IssuedNumberThresholds.TRANSCRIPT_OVER_FREE_TEXT_MIN + 0.01f);
    assertThat(judge(accented, "none").getProcedureValidation()).isEqualTo("PASSED");
    assertThat(judge(accented, "video_strict").getProcedureValidation()).as("strict free-text cut").isEqualTo("VIDEO_SR_ERROR");
    assertThat(judge(accented.setTranscriptSupport((float) IssuedNumberThresholds.TRANSCRIPT_OVER_FREE_TEXT_MIN - 0.01f), "none")
        .getProcedureValidation()).as("free text far likelier: speech without these digits").isEqualTo("VIDEO_SR_ERROR");
    // A neighbour nearly as likely as the issued number: a wrong number, whatever the free text says.
    float belowNeighbourCut = (float) IssuedNumberThresholds.TRANSCRIPT_OVER_NEIGHBOURS_MIN - 0.01f;
    VideoEvidence.Builder neighbourClose = passing().setTranscriptOverNeighbours(belowNeighbourCut)
        .setTranscriptSupport(belowNeighbourCut);
    assertThat(judge(neighbourClose, "none").getProcedureValidation()).isEqualTo("VIDEO_SR_ERROR");
    assertThat(judge(neighbourClose.setTranscriptOverNeighbours(belowNeighbourCut + 0.02f), "none").getProcedureValidation())
        .isEqualTo("PASSED");
  }

  @Test
  void evidenceWithoutASupportScoreComparesTheDigitsHeard() {
    // Tokens issued before the score existed, and engines that cannot score readings (Vosk).
    assertThat(judge(passing().setIssuedSupport(null), "none").getProcedureValidation()).isEqualTo("PASSED");
    assertThat(judge(passing().setIssuedSupport(null).setSpokenDigits("4095"), "none").getProcedureValidation())
        .isEqualTo("VIDEO_SR_ERROR");
    assertThat(judge(passing().setIssuedSupport(null).setSpokenDigits(null), "none").getProcedureValidation())
        .isEqualTo("VIDEO_SR_ERROR");
  }

  @Test
  void lipsOutOfSyncComeBeforeAChangeOfFace() {
    Liveness l = judge(passing().setSyncScore((float) LipSyncScorer.IN_SYNC_MIN - 0.01f).setIdentityMinSimilarity(0f), "none");
    assertThat(l.getProcedureValidation()).isEqualTo("VIDEO_NOT_SYNCHRONIZED");
  }

  @Test
  void videoStrictRaisesTheSyncIdentityAndLiveBars() {
    VideoEvidence.Builder borderline = passing()
        .setSyncScore((float) (LipSyncScorer.IN_SYNC_MIN + LipSyncScorer.IN_SYNC_MIN_STRICT) / 2);
    assertThat(judge(borderline, "none").getProcedureValidation()).isEqualTo("PASSED");
    assertThat(judge(borderline, "video_strict").getProcedureValidation()).isEqualTo("VIDEO_NOT_SYNCHRONIZED");

    VideoEvidence.Builder similar = passing().setIdentityMinSimilarity((float) (thresholds.far1e2() + thresholds.far1e3()) / 2);
    assertThat(judge(similar, "none").getProcedureValidation()).isEqualTo("PASSED");
    assertThat(judge(similar, "video_strict").getProcedureValidation()).isEqualTo("VIDEO_FACE_INCONSISTENT");

    VideoEvidence.Builder live = passing().setLiveScore(0.6f);
    assertThat(judge(live, "none").getFaceGenuineness()).isEqualTo("PASSED");
    assertThat(judge(live, "video_strict").getFaceGenuineness()).isEqualTo("SCREEN_REPLAY");
  }

  @Test
  void anotherPersonDuringTheClipIsAFaceInconsistency() {
    assertThat(judge(passing().setIdentityMinSimilarity(0.05f), "none").getProcedureValidation())
        .isEqualTo("VIDEO_FACE_INCONSISTENT");
  }

  @Test
  void stillClipsAreStrictWhenValidateStillAskedAndNeverCheckDigits() {
    VideoEvidence.Builder still = passing().setFlow(VideoFlow.VALIDATE_STILL).setExpectedDigits(null)
        .setSpokenDigits(null).setSyncScore(null).setLiveScore(0.6f);
    Liveness relaxed = judge(still, "none");
    assertThat(relaxed.getProcedureValidation()).isEqualTo("PASSED");
    assertThat(relaxed.getFaceGenuineness()).isEqualTo("PASSED");
    assertThat(judge(still.setStillStrict(true), "none").getFaceGenuineness()).isEqualTo("SCREEN_REPLAY");
    assertThat(judge(still.setStillStrict(false).setLiveScore(0.1f), "none").getFaceGenuineness())
        .isEqualTo("SCREEN_REPLAY");
  }
}
