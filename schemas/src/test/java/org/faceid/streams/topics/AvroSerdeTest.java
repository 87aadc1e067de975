package org.faceid.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.FaceEvidence;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.SpeechAnalysis;
import org.faceid.streams.schema.SpokenWord;
import org.faceid.streams.schema.StageStatus;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VideoEvidence;
import org.faceid.streams.schema.VideoFlow;
import org.faceid.streams.schema.VideoSubmitted;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  @Test
  void anApiKeyWrittenBeforeTheIdentityAdminPermissionStillReads() throws IOException {
    ApiKey key = ApiKey.newBuilder().setApiKey("key-2").setSecretHash(ByteBuffer.wrap(new byte[] {1}))
        .setSalt(ByteBuffer.wrap(new byte[] {2})).setIterations(1000).setPermissions(List.of(Permission.COMPARISON_TYPE_1))
        .setConcurrencyLimit(4).setCreatedAtMs(42L).setDisabled(true).build();

    ApiKey read = Topics.API_KEYS.valueSerde().deserializer().deserialize("faceid.apikeys", writtenWith("ApiKey-v2", key));

    assertThat(read.getPermissions()).containsExactly(Permission.COMPARISON_TYPE_1);
    assertThat(read.getDisabled()).isTrue();
  }

  @Test
  void recordWrittenWithPreviousApiKeySchemaStillReads() throws IOException {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/ApiKey-v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    assertThat(v1.getField("disabled")).as("v1 predates the disabled flag").isNull();

    GenericRecord old = new GenericData.Record(v1);
    old.put("api_key", "key-1");
    old.put("secret_hash", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    old.put("salt", ByteBuffer.wrap(new byte[] {9}));
    old.put("iterations", 1000);
    Schema permission = v1.getField("permissions").schema().getElementType();
    old.put("permissions", List.of(new GenericData.EnumSymbol(permission, "VIDEO")));
    old.put("concurrency_limit", 4);
    old.put("created_at_ms", 42L);
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    ApiKey read = Topics.API_KEYS.valueSerde().deserializer().deserialize("faceid.apikeys", bytes);

    assertThat(read.getApiKey()).isEqualTo("key-1");
    assertThat(read.getPermissions()).containsExactly(Permission.VIDEO);
    assertThat(read.getConcurrencyLimit()).isEqualTo(4);
    assertThat(read.getDisabled()).as("default of the field v2 added").isFalse();
  }

  @Test
  void tokenWrittenBeforeFaceEvidenceStillReads() throws IOException {
    Schema v1;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/Token-v1.avsc")) {
      v1 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v1);
    old.put("token", "t");
    old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "RANDOM_NUMBER"));
    old.put("api_key", "k");
    old.put("issued_at_ms", 1L);
    old.put("expires_at_ms", 2L);
    old.put("random_number", "0123");
    ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);

    Token read = Topics.TOKENS.valueSerde().deserializer().deserialize("faceid.tokens", bytes);

    assertThat(read.getRandomNumber()).isEqualTo("0123");
    assertThat(read.getFrontFace()).as("default of the field v2 added").isNull();
    assertThat(read.getSideFace()).isNull();
  }

  @Test
  void speechAnalysisWrittenBeforeTheIssuedSupportStillReads() throws IOException {
    SpeechAnalysis analysis = SpeechAnalysis.newBuilder().setMeta(meta(Endpoint.VALIDATE_VIDEO)).setStatus(StageStatus.OK)
        .setDigits("4096").setWords(List.of(new SpokenWord("four", 100L, 400L)))
        .setIssuedSupport(1.5).setSpeechInDigits(0.9).build();

    SpeechAnalysis read = Topics.SPEECH_ANALYZED.valueSerde().deserializer()
        .deserialize("faceid.speech.analyzed", writtenWith("SpeechAnalysis-v1", analysis));

    assertThat(read.getDigits()).isEqualTo("4096");
    assertThat(read.getWords()).containsExactly(new SpokenWord("four", 100L, 400L));
    assertThat(read.getIssuedSupport()).as("default of the field v2 added").isNull();
    assertThat(read.getSpeechInDigits()).isNull();
  }

  @Test
  void videoTokenWrittenBeforeTheIssuedSupportStillReads() throws IOException {
    Token token = videoToken(videoEvidence());

    Token read = Topics.TOKENS.valueSerde().deserializer().deserialize("faceid.tokens", writtenWith("Token-v3", token));

    assertThat(read.getVideo().getSpokenDigits()).isEqualTo("4096");
    assertThat(read.getVideo().getIssuedSupport()).as("default of the field v4 added").isNull();
    assertThat(read.getVideo().getSpeechInDigits()).isNull();
  }

  @Test
  void videoTokenWrittenBeforeTheTranscriptSupportStillReads() throws IOException {
    Token token = videoToken(videoEvidence().setTranscriptSupport(3f));

    Token read = Topics.TOKENS.valueSerde().deserializer().deserialize("faceid.tokens", writtenWith("Token-v4", token));

    assertThat(read.getVideo().getIssuedSupport()).isEqualTo(2f);
    assertThat(read.getVideo().getTranscriptSupport()).as("default of the field v5 added").isNull();
  }

  @Test
  void moonshineEvidenceWrittenBeforeTheNeighbourMarginStillReads() throws IOException {
    SpeechAnalysis analysis = SpeechAnalysis.newBuilder().setMeta(meta(Endpoint.VALIDATE_VIDEO)).setStatus(StageStatus.OK)
        .setDigits("4096").setTranscriptSupport(-3.5).setTranscriptOverNeighbours(1.5).build();
    Token token = videoToken(videoEvidence().setTranscriptSupport(-3.5f).setTranscriptOverNeighbours(1.5f));

    SpeechAnalysis readAnalysis = Topics.SPEECH_ANALYZED.valueSerde().deserializer()
        .deserialize("faceid.speech.analyzed", writtenWith("SpeechAnalysis-v3", analysis));
    Token readToken = Topics.TOKENS.valueSerde().deserializer().deserialize("faceid.tokens", writtenWith("Token-v5", token));

    assertThat(readAnalysis.getTranscriptSupport()).isEqualTo(-3.5);
    assertThat(readAnalysis.getTranscriptOverNeighbours()).as("default of the field v4 added").isNull();
    assertThat(readToken.getVideo().getTranscriptSupport()).isEqualTo(-3.5f);
    assertThat(readToken.getVideo().getTranscriptOverNeighbours()).as("default of the field v6 added").isNull();
  }

  /** Video evidence with every field a token of v3 had, PocketSphinx's support included. */
  private static VideoEvidence.Builder videoEvidence() {
    FaceEvidence face = FaceEvidence.newBuilder().setFormat("jpeg").setEmbedding(ByteBuffer.wrap(new byte[4]))
        .setLiveScore(0.9).setYaw(0).setPitch(0).setRoll(0).setBlur(0).setBrightness(0).setEyesOpen(1).build();
    return VideoEvidence.newBuilder().setFlow(VideoFlow.VALIDATE_VIDEO).setFace(face)
        .setExpectedDigits("4096").setSpokenDigits("4096").setSyncScore(0.5f).setIdentityMinSimilarity(0.8f)
        .setLiveScore(0.9f).setIssuedSupport(2f).setSpeechInDigits(1f);
  }

  private static Token videoToken(VideoEvidence.Builder evidence) {
    return Token.newBuilder().setToken("t").setKind(TokenKind.VIDEO).setApiKey("k")
        .setIssuedAtMs(1).setExpiresAtMs(2).setVideo(evidence.build()).build();
  }

  /** {@code record} encoded with an older schema of its type (whose fields are a prefix of the current ones). */
  private static <T extends SpecificRecord> byte[] writtenWith(String history, T record) throws IOException {
    Schema old;
    try (InputStream in = AvroSerdeTest.class.getResourceAsStream("/avro-history/" + history + ".avsc")) {
      old = new Schema.Parser().parse(in);
    }
    ByteBuffer written = new BinaryMessageEncoder<T>(SpecificData.get(), old).encode(record);
    byte[] bytes = new byte[written.remaining()];
    written.get(bytes);
    return bytes;
  }

  private static RequestMeta meta(Endpoint endpoint) {
    return RequestMeta.newBuilder().setRequestId("1,a").setEndpoint(endpoint)
        .setApiKey("k").setGatewayId("g").setReceivedAtMs(0).build();
  }

  @Test
  void valuesUseSingleObjectEncodingAndRoundTrip() {
    Token token = Token.newBuilder().setToken("t").setKind(TokenKind.RANDOM_NUMBER).setApiKey("k")
        .setIssuedAtMs(1).setExpiresAtMs(2).setRandomNumber("0123").build();
    byte[] bytes = Topics.TOKENS.valueSerde().serializer().serialize("x", token);

    assertThat(bytes[0]).as("single-object marker").isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(Topics.TOKENS.valueSerde().deserializer().deserialize("x", bytes)).isEqualTo(token);
  }

  @Test
  void anUploadEncodesToExactlyWhatAvroWritesAndRoundTrips() throws IOException {
    byte[] video = new byte[9 * 1024 * 1024 + 13];
    new java.util.Random(11).nextBytes(video);
    VideoSubmitted upload = VideoSubmitted.newBuilder().setMeta(meta(Endpoint.VALIDATE_VIDEO))
        .setTokenRandomNumber("t").setVideo(ByteBuffer.wrap(video)).build();
    AvroSerde<VideoSubmitted> serde = AvroSerde.of(VideoSubmitted.class);

    byte[] bytes = serde.encode(upload);

    ByteBuffer avros = new BinaryMessageEncoder<VideoSubmitted>(SpecificData.getForClass(VideoSubmitted.class),
        VideoSubmitted.getClassSchema()).encode(upload);
    assertThat(ByteBuffer.wrap(bytes)).isEqualTo(avros);
    assertThat(serde.decode(bytes)).isEqualTo(upload);
  }

  @Test
  void recordOfAnotherTypeIsRefused() {
    byte[] bytes = AvroSerde.of(RequestMeta.class).encode(meta(Endpoint.VERIFY));

    assertThatThrownBy(() -> Topics.TOKENS.valueSerde().deserializer().deserialize("x", bytes))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void everyTopicHasAUniqueName() {
    assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("faceid."));
  }
}
