package org.faceid.streams.processors;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.faceid.streams.processors.common.Buffers;
import org.faceid.streams.processors.common.Timings;
import org.faceid.streams.processors.decode.VideoProbe;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.AvroSerde;

/**
 * What the two media hops cost in serialisation and copies, in-process, against the path they
 * replaced: an upload (VideoSubmitted, gateway to decode) and the decoded clip (DecodedVideo, decode
 * to liveness and speech), each encoded by the gateway or stage and decoded by the next stage to
 * the array its media library reads. Before: Avro's own {@code encode} (a growing buffer, then
 * its array) copied once more into the record's bytes, and the decoded bytes field copied again.
 * Usage: HopBenchmark calls clip.mp4 upload-megabytes
 */
public final class HopBenchmark {

  private HopBenchmark() {}

  public static void main(String[] args) throws Exception {
    int calls = Integer.parseInt(args[0]);
    byte[] clip = Files.readAllBytes(Path.of(args[1]));
    byte[] upload = new byte[Integer.parseInt(args[2]) * 1024 * 1024];
    System.arraycopy(clip, 0, upload, 0, Math.min(clip.length, upload.length));
    RequestMeta meta = RequestMeta.newBuilder().setRequestId("1,bench").setEndpoint(Endpoint.VALIDATE_VIDEO)
        .setApiKey("bench").setGatewayId("gw").setReceivedAtMs(0).build();
    VideoSubmitted submitted = VideoSubmitted.newBuilder().setMeta(meta).setTokenRandomNumber("t")
        .setVideo(ByteBuffer.wrap(upload)).build();
    VideoProbe.Decoded decoded = new VideoProbe(Duration.ofSeconds(20)).decode(clip);
    DecodedVideo video = DecodedVideo.newBuilder().setMeta(meta).setFlow(VideoFlow.VALIDATE_VIDEO)
        .setDurationMs(decoded.result().durationMs()).setHasAudio(true).setWidth(640).setHeight(480)
        .setFrameCount(decoded.result().frameCount()).setFrames(decoded.videoFrames())
        .setAudioPcm(ByteBuffer.wrap(decoded.audioPcm())).build();
    byte[] videoBytes = AvroSerde.of(DecodedVideo.class).encode(video);
    System.out.printf(Locale.ROOT, "upload %.1f MB; decoded clip %.2f MB (%d frames, %d bytes of audio)%n",
        upload.length / 1e6, videoBytes.length / 1e6, decoded.videoFrames().size(), decoded.audioPcm().length);
    System.out.printf(Locale.ROOT, "  %-34s %8s %8s%n", "per hop (" + calls + " runs)", "p50 ms", "p95 ms");
    hop(calls, "upload", submitted, VideoSubmitted.class, s -> Buffers.bytes(s.getVideo()));
    hop(calls, "decoded clip", video, DecodedVideo.class, v -> Buffers.bytes(v.getAudioPcm()));
  }

  private static <T extends SpecificRecord> void hop(int calls, String what, T value, Class<T> type, Function<T, byte[]> media) {
    AvroSerde<T> serde = AvroSerde.of(type);
    BinaryMessageEncoder<T> avro = new BinaryMessageEncoder<>(SpecificData.getForClass(type), serde.decode(serde.encode(value)).getSchema());
    double before = Timings.time(calls, 3, what + ": before", () -> {
      ByteBuffer encoded = encodeOrFail(avro, value);
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return copy(media.apply(serde.decode(bytes)));
    });
    double now = Timings.time(calls, 3, what + ": now", () -> media.apply(serde.decode(serde.encode(value))));
    System.out.printf(Locale.ROOT, "  %s: now / before = %.2f%n", what, now / before);
  }

  private static <T> ByteBuffer encodeOrFail(BinaryMessageEncoder<T> avro, T value) {
    try {
      return avro.encode(value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] copy(byte[] bytes) {
    return bytes.clone();
  }
}
