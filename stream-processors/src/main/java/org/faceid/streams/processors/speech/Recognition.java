package org.faceid.streams.processors.speech;

import java.util.List;

/** Provisional. */
public record Recognition(String digits, List<Word> words) {}
