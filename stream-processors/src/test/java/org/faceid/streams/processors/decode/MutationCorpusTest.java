package org.faceid.streams.processors.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.processors.face.FaceTestSupport;
import org.faceid.streams.processors.selfie.SelfieTopology;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedVideo;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.FrontFaceSubmitted;
import org.faceid.streams.schema.StillOptions;
import org.faceid.streams.schema.StillSubmitted;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VideoSubmitted;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: 1,000 damaged uploads made here from the real media of the shared corpus (byte runs
 * overwritten, truncations, header damage, repeated and zeroed chunks), videos sent through the
 * decode stage and photos through the selfie stage (which checks and decodes them itself), with the
 * production settings. Each is answered with one of the vendor's documented codes or goes on (a
 * video decoded, a photo judged); none is answered 500, none is lost, and the decode stage still
 * decodes a clean clip afterwards.
 */
class MutationCorpusTest {

  private static final int VIDEOS = 600;
  private static final int IMAGES = 400;
  private static final Set<String> VIDEO_CODES = Set.of("VIDEO_UNSUPPORTED_FORMAT", "VIDEO_INVALID_DURATION", "VIDEO_NO_AUDIO");
  /** What validate_front_face answers besides 200: the photo's own errors, then the face's. */
  private static final Set<String> IMAGE_CODES = Set.of("IMAGE_ERROR_UNSUPPORTED_FORMAT", "INVALID_IMAGE_SIZE",
      "NO_FACE_FOUND", "MULTIPLE_FACES", "FACE_BLURRED", "FACE_POOR_LIGHT", "FACE_NOT_FRONT", "FACE_NOT_PROPER_POSITION");
  private static final Token NUMBER = Token.newBuilder().setToken("t").setKind(TokenKind.RANDOM_NUMBER)
      .setApiKey("k").setIssuedAtMs(T0).setExpiresAtMs(T0 + 1).setRandomNumber("1234").build();

  @Test
  void everyMutatedUploadGetsADocumentedAnswerOrDecodes() throws IOException {
    List<byte[]> videos = corpus("av", ".mpg", ".mp4");
    List<byte[]> images = corpus("faces", ".jpg", ".png");
    images.addAll(corpus("spoof", ".jpg", ".png"));
    Random random = new Random(20261203);
    Map<String, Integer> outcomes = new TreeMap<>();
    try (TopologyTestDriver driver = new TopologyTestDriver(
            new DecodeTopology(new VideoProbe(Duration.ofSeconds(20))).build(), Fixtures.driverProps());
        TopologyTestDriver selfies = new TopologyTestDriver(
            new SelfieTopology(FaceTestSupport.engine(), new TokenIssuer()).build(), Fixtures.driverProps())) {
      TestOutputTopic<String, ApiResult> videoResults = Fixtures.output(driver, Topics.RESULTS);
      TestOutputTopic<String, ApiResult> selfieResults = Fixtures.output(selfies, Topics.RESULTS);
      TestOutputTopic<String, DecodedVideo> decodedVideos = Fixtures.output(driver, Topics.VIDEO_DECODED);
      for (int i = 0; i < VIDEOS + IMAGES; i++) {
        boolean video = i < VIDEOS;
        byte[] source = video ? videos.get(i % videos.size()) : images.get(i % images.size());
        byte[] mutated = mutate(source, i % 5, random);
        String id = "m" + i;
        if (!video) {
          Fixtures.input(selfies, Topics.FRONT_FACE_SUBMITTED).pipeInput(id, FrontFaceSubmitted.newBuilder()
              .setMeta(meta(id, Endpoint.VALIDATE_FRONT_FACE, "k", T0)).setSelfie(ByteBuffer.wrap(mutated)).build());
        } else if (i % 2 == 0) {
          Fixtures.input(driver, Topics.VIDEO_ACCEPTED).pipeInput(id, VideoSubmitted.newBuilder()
              .setMeta(meta(id, Endpoint.VALIDATE_VIDEO, "k", T0)).setTokenRandomNumber("t")
              .setVideo(ByteBuffer.wrap(mutated)).setReturnImage(0).setIssued(NUMBER).build());
        } else {
          Fixtures.input(driver, Topics.STILL_SUBMITTED).pipeInput(id, StillSubmitted.newBuilder()
              .setMeta(meta(id, Endpoint.VALIDATE_STILL, "k", T0)).setVideo(ByteBuffer.wrap(mutated))
              .setOptions(StillOptions.newBuilder().build()).build());
        }
        String outcome;
        TestOutputTopic<String, ApiResult> results = video ? videoResults : selfieResults;
        if (!results.isEmpty()) {
          ApiResult answer = results.readValue();
          assertThat(answer.getRequestId()).isEqualTo(id);
          if (!video && answer.getHttpStatus() == 200) {
            outcome = "image judged a front face";
          } else {
            assertThat(answer.getHttpStatus()).as("%s (mutation %d): %s", id, i % 5, answer).isEqualTo(400);
            assertThat(answer.getErrorMessage()).as(id).isIn(video ? VIDEO_CODES : IMAGE_CODES);
            outcome = answer.getErrorMessage();
          }
        } else {
          assertThat(video).as("%s, a photo, was answered", id).isTrue();
          assertThat(decodedVideos.readValue().getMeta().getRequestId()).as("%s went on or was answered", id).isEqualTo(id);
          outcome = "video decoded";
        }
        outcomes.merge(outcome, 1, Integer::sum);
      }
      System.out.println("mutation corpus, " + (VIDEOS + IMAGES) + " uploads: " + outcomes);
      assertThat(outcomes.get("VIDEO_UNSUPPORTED_FORMAT")).as("damage is seen").isGreaterThan(VIDEOS / 4);
      assertThat(outcomes.get("IMAGE_ERROR_UNSUPPORTED_FORMAT")).isGreaterThan(IMAGES / 10);

      Fixtures.input(driver, Topics.STILL_SUBMITTED).pipeInput("clean", StillSubmitted.newBuilder()
          .setMeta(meta("clean", Endpoint.VALIDATE_STILL, "k", T0)).setVideo(ByteBuffer.wrap(videos.get(0)))
          .setOptions(StillOptions.newBuilder().build()).build());
      assertThat(decodedVideos.readValue().getMeta().getRequestId()).isEqualTo("clean");
    }
  }

  /** Every file of the corpus folder with one of the extensions, in name order. */
  private static List<byte[]> corpus(String folder, String... extensions) throws IOException {
    try (Stream<Path> files = Files.walk(TestData.root().resolve(folder))) {
      return files.filter(p -> Arrays.stream(extensions).anyMatch(e -> p.toString().endsWith(e))).sorted()
          .map(p -> {
            try {
              return Files.readAllBytes(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }).collect(Collectors.toCollection(ArrayList::new));
    }
  }

  /** One of five kinds of damage, at places drawn from {@code random}. */
  static byte[] mutate(byte[] source, int kind, Random random) {
    byte[] data = source.clone();
    switch (kind) {
      case 0 -> { // runs of random bytes
        for (int h = 1 + random.nextInt(8); h > 0; h--) {
          int at = random.nextInt(data.length);
          for (int i = at; i < Math.min(data.length, at + 1 + random.nextInt(256)); i++) {
            data[i] = (byte) random.nextInt();
          }
        }
        return data;
      }
      case 1 -> { // cut short
        return Arrays.copyOf(data, Math.max(1, (int) (data.length * (0.05 + 0.93 * random.nextDouble()))));
      }
      case 2 -> { // header damage
        for (int h = 1 + random.nextInt(16); h > 0; h--) {
          data[random.nextInt(Math.min(data.length, 512))] = (byte) random.nextInt();
        }
        return data;
      }
      case 3 -> { // a chunk repeated in place
        int len = 1 + random.nextInt(Math.min(64 * 1024, data.length));
        int from = random.nextInt(data.length - len + 1);
        byte[] out = new byte[data.length + len];
        System.arraycopy(data, 0, out, 0, from + len);
        System.arraycopy(data, from, out, from + len, data.length - from);
        return out;
      }
      default -> { // a block zeroed
        int len = 1 + random.nextInt(Math.min(16 * 1024, data.length));
        int at = random.nextInt(data.length - len + 1);
        Arrays.fill(data, at, at + len, (byte) 0);
        return data;
      }
    }
  }
}
