package org.faceid.streams.processors.face;

import java.util.List;

/**
 * One selfie as the engine sees it: upright size, metadata, every face found (largest first) and the
 * measures of the dominant face (null when there is none, or no face is clearly dominant).
 */
public record SelfieAnalysis(int width, int height, ImageMetadata metadata, List<FaceBox> faces,
    FaceMeasures dominant) {}
