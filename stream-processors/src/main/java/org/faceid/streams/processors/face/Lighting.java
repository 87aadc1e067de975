package org.faceid.streams.processors.face;

/**
 * How a face is lit, from the luminance (0..255) of the inner face ({@link ImageQuality#lighting}).
 *
 * @param mean the mean: what a washed-out face raises
 * @param highlight the 99th percentile: the brightest parts of a face (the whites of the eyes,
 *     teeth, the shine of forehead and nose) stay bright in good light whatever the skin, so a dim
 *     photo reads low here and a dark-skinned face in good light does not, where its mean can
 */
public record Lighting(double mean, double highlight) {}
