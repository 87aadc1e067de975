package org.faceid.streams.processors.decode;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Guarded;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.processors.common.Routing;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decode stage: every uploaded video is decoded for real (FFmpeg) before any analysis.
 * Unreadable media, wrong durations and missing audio are answered here; what decodes goes on to
 * {@code faceid.video.decoded} as its compact media ({@link VideoProbe#decode}): sampled upright
 * JPEG frames and its audio as 16 kHz mono PCM, so later stages never decode it again. Photos have
 * no compact form and go straight to the stage that judges them, which checks them first
 * ({@link UploadedImages}).
 */
public final class DecodeTopology {

  public static final String STAGE = "decode";

  private static final Logger log = LoggerFactory.getLogger(DecodeTopology.class);

  private final VideoProbe videoProbe;

  public DecodeTopology(VideoProbe videoProbe) {
    this.videoProbe = videoProbe;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    Routing.route(stream(builder, Topics.VIDEO_ACCEPTED).mapValues(r -> guarded(r.getMeta(),
            () -> video(r.getMeta(), r.getVideo(), VideoFlow.VALIDATE_VIDEO, DurationLimits.VIDEO, r.getReturnImage(), null, r.getIssued()))),
        Topics.VIDEO_DECODED, v -> v.getMeta().getRequestId());
    Routing.route(stream(builder, Topics.STILL_SUBMITTED).mapValues(r -> guarded(r.getMeta(),
            () -> video(r.getMeta(), r.getVideo(), VideoFlow.VALIDATE_STILL, DurationLimits.STILL,
                r.getOptions().getReturnImage(), r.getOptions(), null))),
        Topics.VIDEO_DECODED, v -> v.getMeta().getRequestId());
    return builder.build();
  }

  private static <V> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic) {
    return Requests.stream(builder, topic);
  }

  private static <T> Outcome<T> guarded(RequestMeta meta, Supplier<Outcome<T>> work) {
    return Guarded.outcome(STAGE, meta, work);
  }

  private Outcome<DecodedVideo> video(RequestMeta meta, ByteBuffer video, VideoFlow flow, DurationLimits limits,
      int returnImage, StillOptions still, Token issued) {
    VideoProbe.Decoded decoded;
    try {
      // One pass measures and samples, and stops as soon as the clip is longer than allowed.
      decoded = videoProbe.decode(Buffers.bytes(video), limits.maxMs() + DurationLimits.TOLERANCE_MS);
    } catch (DurationExceededException e) {
      return Outcome.answer(Results.error(meta, ApiError.VIDEO_INVALID_DURATION));
    } catch (UnsupportedMediaException e) {
      log.info("request {}: video unreadable: {}", meta.getRequestId(), e.getMessage());
      return Outcome.answer(Results.error(meta, ApiError.VIDEO_UNSUPPORTED_FORMAT));
    }
    VideoProbe.Result probe = decoded.result();
    if (!limits.accepts(probe.durationMs())) {
      return Outcome.answer(Results.error(meta, ApiError.VIDEO_INVALID_DURATION));
    }
    // The vendor checks audio only in validate_video, where digits are spoken.
    if (flow == VideoFlow.VALIDATE_VIDEO && !probe.hasAudio()) {
      return Outcome.answer(Results.error(meta, ApiError.VIDEO_NO_AUDIO));
    }
    return Outcome.next(DecodedVideo.newBuilder()
        .setMeta(meta).setFlow(flow)
        .setDurationMs(probe.durationMs()).setHasAudio(probe.hasAudio())
        .setWidth(probe.width()).setHeight(probe.height()).setFrameCount(probe.frameCount())
        .setReturnImage(returnImage).setStillOptions(still).setIssued(issued)
        .setRotationDegrees(decoded.rotationDegrees())
        .setFrames(decoded.videoFrames())
        .setAudioPcm(ByteBuffer.wrap(decoded.audioPcm()))
        .build());
  }
}
