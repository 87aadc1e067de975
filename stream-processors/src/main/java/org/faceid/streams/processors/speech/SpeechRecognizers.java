package org.faceid.streams.processors.speech;

/** Provisional. */
public final class SpeechRecognizers {
  private SpeechRecognizers() {}

  public static SpeechRecognizer fromEnvironment() {
    throw new UnsupportedOperationException("provisional");
  }
}
