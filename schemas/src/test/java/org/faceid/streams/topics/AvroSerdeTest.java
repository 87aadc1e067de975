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
import org.apache.kafka.common.errors.SerializationException;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

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
  void valuesUseSingleObjectEncodingAndRoundTrip() {
    Token token = Token.newBuilder().setToken("t").setKind(TokenKind.RANDOM_NUMBER).setApiKey("k")
        .setIssuedAtMs(1).setExpiresAtMs(2).setRandomNumber("0123").build();
    byte[] bytes = Topics.TOKENS.valueSerde().serializer().serialize("x", token);

    assertThat(bytes[0]).as("single-object marker").isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(Topics.TOKENS.valueSerde().deserializer().deserialize("x", bytes)).isEqualTo(token);
  }

  @Test
  void recordOfAnotherTypeIsRefused() {
    RequestMeta meta = RequestMeta.newBuilder().setRequestId("1,a").setEndpoint(Endpoint.VERIFY)
        .setApiKey("k").setGatewayId("g").setReceivedAtMs(0).build();
    byte[] bytes = AvroSerde.of(RequestMeta.class).encode(meta);

    assertThatThrownBy(() -> Topics.TOKENS.valueSerde().deserializer().deserialize("x", bytes))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void everyTopicHasAUniqueName() {
    assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("faceid."));
  }
}
