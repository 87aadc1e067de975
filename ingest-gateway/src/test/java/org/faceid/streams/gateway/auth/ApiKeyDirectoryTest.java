package org.faceid.streams.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.faceid.streams.schema.ApiKey;
import org.faceid.streams.schema.Permission;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class ApiKeyDirectoryTest {

  static ApiKey key(String apiKey, String secret) {
    return TestKeys.key(apiKey, secret, 2, Permission.VIDEO);
  }

  private static ConsumerRecord<String, byte[]> record(String apiKey, byte[] value) {
    return new ConsumerRecord<>(Topics.API_KEYS.name(), 0, 7, apiKey, value);
  }

  @Test
  void aKeyIsKnownFromItsRecordUntilItsTombstone() {
    ApiKeyDirectory directory = new ApiKeyDirectory();
    ApiKey k1 = key("k1", "s1");

    directory.apply("k1", k1);
    assertThat(directory.knows("k1")).isTrue();
    assertThat(directory.find("k1")).contains(k1);
    assertThat(directory.knows("k2")).isFalse();
    assertThat(directory.find("k2")).isEmpty();

    directory.apply("k1", null);
    assertThat(directory.knows("k1")).isFalse();
  }

  @Test
  void itIsCaughtUpOnlyOnceTheFeedSaysSo() {
    ApiKeyDirectory directory = new ApiKeyDirectory();
    directory.apply("k1", key("k1", "s1"));
    assertThat(directory.caughtUp()).as("keys read are not all the keys").isFalse();
    directory.markCaughtUp();
    assertThat(directory.caughtUp()).isTrue();
  }

  @Test
  void aRememberedSecretMatchesItsKeyAndNoOtherSecret() {
    ApiKeyDirectory directory = new ApiKeyDirectory();
    ApiKey k1 = key("k1", "s1");
    directory.apply("k1", k1);
    assertThat(directory.rememberedMatch(k1, "s1")).as("nothing remembered before a PBKDF2 match").isFalse();

    directory.remember(k1, "s1");
    assertThat(directory.rememberedMatch(k1, "s1")).isTrue();
    assertThat(directory.rememberedMatch(k1, "s2")).isFalse();
    assertThat(directory.rememberedMatch(k1, "s1 ")).isFalse();
  }

  @Test
  void aRotatedSecretForgetsWhatWasRemembered() {
    ApiKeyDirectory directory = new ApiKeyDirectory();
    ApiKey before = key("k1", "old");
    directory.apply("k1", before);
    directory.remember(before, "old");

    ApiKey after = key("k1", "new");
    directory.apply("k1", after);
    assertThat(directory.rememberedMatch(after, "old")).isFalse();
    assertThat(directory.rememberedMatch(before, "old")).as("the old record's tag was dropped").isFalse();
  }

  @Test
  void aMatchForARecordReplacedMeanwhileIsNotRemembered() {
    ApiKeyDirectory directory = new ApiKeyDirectory();
    ApiKey checked = key("k1", "old");
    directory.apply("k1", checked);
    // PBKDF2 ran against `checked` while the rotation arrived.
    ApiKey rotated = key("k1", "new");
    directory.apply("k1", rotated);

    directory.remember(checked, "old");
    assertThat(directory.rememberedMatch(checked, "old")).isFalse();
    assertThat(directory.rememberedMatch(rotated, "old")).isFalse();
  }

  @Test
  void theFeedAppliesRecordsAndTombstonesAndSkipsAnUnreadableOne() {
    ApiKeyDirectory directory = new ApiKeyDirectory();
    ApiKey k1 = key("k1", "s1");
    byte[] bytes = Topics.API_KEYS.valueSerde().serializer().serialize(Topics.API_KEYS.name(), k1);

    ApiKeyFeed.apply(directory, record("k1", bytes));
    assertThat(directory.find("k1")).contains(k1);

    ApiKeyFeed.apply(directory, record("k2", new byte[] {1, 2, 3}));
    assertThat(directory.knows("k2")).as("an unreadable record adds nothing").isFalse();
    assertThat(directory.find("k1")).as("and changes nothing else").contains(k1);

    ApiKeyFeed.apply(directory, record("k1", null));
    assertThat(directory.knows("k1")).isFalse();
  }
}
