package org.faceid.streams.processors.speech;

/** Provisional. */
public record Word(String word, long startMs, long endMs) {}
