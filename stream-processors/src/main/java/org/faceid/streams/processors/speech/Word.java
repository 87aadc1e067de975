package org.faceid.streams.processors.speech;

/** A recognised digit word ("four", "oh") and where it was heard, relative to the start of the audio. */
public record Word(String word, long startMs, long endMs) {}
