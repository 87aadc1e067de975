package org.faceid.streams.processors.liveness;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.processors.face.ImageMetadata;
import org.faceid.streams.processors.signals.FaceEvidences;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.LivenessAnalysis;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topics;

/**
 * Liveness stage: the faces of a clip's sampled frames. A clip without a usable face is answered
 * here at once (VIDEO_FACE_NOT_FOUND, VIDEO_MULTIPLE_FACES, VIDEO_LOW_FACE_QUALITY,
 * VIDEO_FACE_OCCLUDE); otherwise its analysis (mouth-opening series, best face, track consistency,
 * anti-spoof score, best images) goes on to the procedure stage, keyed by request_id.
 */
public final class LivenessTopology {

  public static final String STAGE = "liveness";
  /** Frames taken from a decoded video carry no EXIF: the decode stage already turned them upright. */
  static final ImageMetadata FRAME_METADATA = new ImageMetadata("jpeg", 1, null, null, null, null);

  private final VideoFaceAnalyzer analyzer;

  public LivenessTopology(VideoFaceAnalyzer analyzer) {
    this.analyzer = analyzer;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    Routing.route(Requests.stream(builder, Topics.VIDEO_DECODED)
            .mapValues(video -> Guarded.outcome(STAGE, video.getMeta(), () -> analyze(video))),
        Topics.LIVENESS_ANALYZED, l -> l.getMeta().getRequestId());
    return builder.build();
  }

  Outcome<LivenessAnalysis> analyze(DecodedVideo video) {
    boolean still = video.getFlow() == VideoFlow.VALIDATE_STILL;
    StillOptions options = still ? video.getStillOptions() : null;
    boolean occlusion = options != null && options.getFaceOcclusionDetection();
    VideoFaces faces = analyzer.analyze(video.getFrames(), occlusion);
    ApiError error = VideoLivenessCheck.check(faces, video.getFrames().size(), !still,
        options != null && options.getEyeCloseDetection(), occlusion);
    if (error != null) {
      return Outcome.answer(Results.error(video.getMeta(), error));
    }
    int frames = faces.frames().size();
    Long[] times = new Long[frames];
    Float[] mouth = new Float[frames];
    for (int i = 0; i < frames; i++) {
      FrameFace f = faces.frames().get(i);
      times[i] = video.getFrames().get(i).getTimestampMs();
      mouth[i] = f == null ? Float.NaN : f.mouthOpening();
    }
    LivenessAnalysis.Builder analysis = LivenessAnalysis.newBuilder()
        .setMeta(video.getMeta()).setStatus(StageStatus.OK)
        .setFrameTimesMs(Arrays.asList(times)).setMouthOpening(Arrays.asList(mouth))
        .setFace(FaceEvidences.of(FRAME_METADATA, faces.bestMeasures()))
        .setMultipleFaces(faces.anyCrowded())
        .setIdentityMinSimilarity((float) faces.minSimilarity())
        .setLiveScore((float) faces.liveScore())
        .setExpectedDigits(video.getIssued() == null ? null : video.getIssued().getRandomNumber())
        .setStillOptions(options);
    if (video.getReturnImage() >= 1) {
      analysis.setBestImage(jpeg(video, faces.best()));
    }
    if (video.getReturnImage() >= 2 && faces.runnerUp() != null) {
      analysis.setBestImage2(jpeg(video, faces.runnerUp()));
    }
    return Outcome.next(analysis.build());
  }

  private static ByteBuffer jpeg(DecodedVideo video, FrameFace face) {
    return video.getFrames().get(face.frame()).getJpeg().duplicate();
  }
}
