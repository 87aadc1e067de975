package org.faceid.streams.processors.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VoiceActivityTest {

  @Test
  void digitalSilenceAfterTheReadingDoesNotMakeItsBackgroundSpeech() {
    // A reading with a 300 ms lead-in of room noise, padded with 1 s of zeros (as a clip's sound
    // track is padded to the video's length): the lead-in must stay a pause, as without the padding.
    short[] reading = AudioLevel.normalise(SpokenDigits.utterance("5830", "theo", 2));
    short[] padded = Arrays.copyOf(reading, reading.length + 16000);
    VoiceActivity.Span alone = VoiceActivity.of(reading).speechSpan(0);
    VoiceActivity.Span withZeros = VoiceActivity.of(padded).speechSpan(0);
    assertThat(alone.from()).isGreaterThanOrEqualTo(300 * 16);
    assertThat(withZeros).isEqualTo(alone);
  }

  @Test
  void digitalSilenceAloneIsNoSpeech() {
    assertThat(VoiceActivity.of(new short[16000]).hasSpeech()).isFalse();
  }
}
