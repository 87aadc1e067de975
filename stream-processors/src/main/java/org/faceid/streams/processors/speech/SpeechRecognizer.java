package org.faceid.streams.processors.speech;

/** Provisional: replaced by the recogniser package. */
public interface SpeechRecognizer extends AutoCloseable {
  Recognition recognize(short[] pcm16kMono, int digitCount);

  String name();

  @Override
  void close();
}
