package org.faceid.streams.processors.decode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedImage;
import org.faceid.streams.schema.DecodedSelfie;
import org.faceid.streams.schema.DecodedVerify;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.NamedImage;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.VerifySubmitted;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.topics.Topic;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decode stage: every uploaded video and image is decoded for real (FFmpeg, OpenCV) before any
 * analysis. Unreadable media, wrong durations, missing audio and oversized images are answered here;
 * what decodes goes on to {@code faceid.video.decoded}, {@code faceid.selfie.decoded} or
 * {@code faceid.verify.decoded}. A video goes on as its compact media ({@link VideoProbe#decode}):
 * sampled upright JPEG frames and its audio as 16 kHz mono PCM, so later stages never decode it again.
 */
public final class DecodeTopology {

  public static final String STAGE = "decode";
  /** Images larger than this on either side answer INVALID_IMAGE_SIZE (seed 002). */
  public static final int MAX_IMAGE_SIDE = 4096;


  private static final Logger log = LoggerFactory.getLogger(DecodeTopology.class);

  private final VideoProbe videoProbe;
  private final ImageProbe imageProbe;

  public DecodeTopology(VideoProbe videoProbe, ImageProbe imageProbe) {
    this.videoProbe = videoProbe;
    this.imageProbe = imageProbe;
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
    Routing.route(stream(builder, Topics.FRONT_FACE_SUBMITTED).mapValues(r -> guarded(r.getMeta(),
            () -> selfie(r.getMeta(), r.getSelfie(), null))),
        Topics.SELFIE_DECODED, v -> v.getMeta().getRequestId());
    Routing.route(stream(builder, Topics.SIDE_FACE_ACCEPTED).mapValues(r -> guarded(r.getMeta(),
            () -> selfie(r.getMeta(), r.getSelfie(), r.getIssued()))),
        Topics.SELFIE_DECODED, v -> v.getMeta().getRequestId());
    Routing.route(stream(builder, Topics.VERIFY_ACCEPTED).mapValues(r -> guarded(r.getMeta(), () -> verify(r))),
        Topics.VERIFY_DECODED, v -> v.getMeta().getRequestId());
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

  private Outcome<DecodedSelfie> selfie(RequestMeta meta, ByteBuffer selfie, Token issued) {
    return image("selfie", selfie, false).map(meta, image ->
        DecodedSelfie.newBuilder().setMeta(meta).setImage(image).setIssued(issued).build());
  }

  private Outcome<DecodedVerify> verify(VerifySubmitted request) {
    List<DecodedImage> refs = new ArrayList<>();
    for (NamedImage ref : request.getImageRefs()) {
      ImageCheck check = image(ref.getName(), ref.getContent(), true);
      if (check.error() != null) {
        return Outcome.answer(check.answer(request.getMeta()));
      }
      refs.add(check.image());
    }
    return Outcome.next(DecodedVerify.newBuilder()
        .setMeta(request.getMeta()).setParams(request.getParams()).setIssued(request.getIssued()).setRefs(refs)
        .build());
  }

  /** A decoded image or the error it earns; {@code field} is the form field the error names, where the API names one. */
  private record ImageCheck(DecodedImage image, ApiError error, String field) {
    <T> Outcome<T> map(RequestMeta meta, Function<DecodedImage, T> next) {
      return error != null ? Outcome.answer(answer(meta)) : Outcome.next(next.apply(image));
    }

    ApiResult answer(RequestMeta meta) {
      return field == null ? Results.error(meta, error) : Results.error(meta, error, field);
    }
  }

  private ImageCheck image(String name, ByteBuffer content, boolean namesField) {
    String field = namesField ? name : null;
    byte[] bytes = Buffers.bytes(content);
    ImageProbe.Result probe;
    try {
      probe = imageProbe.probe(bytes);
    } catch (UnsupportedMediaException e) {
      return new ImageCheck(null, ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT, field);
    }
    if (probe.width() > MAX_IMAGE_SIDE || probe.height() > MAX_IMAGE_SIDE) {
      return new ImageCheck(null, ApiError.INVALID_IMAGE_SIZE, field);
    }
    return new ImageCheck(DecodedImage.newBuilder().setName(name).setFormat(probe.format())
        .setWidth(probe.width()).setHeight(probe.height()).setContent(ByteBuffer.wrap(bytes)).build(), null, null);
  }

}
