/**
 * What the stages measure of a face and a voice and leave on the token, shared so that no stage
 * imports another: the mouth opening (liveness) and audio envelope (speech) that the procedure
 * stage scores for lip sync, the face evidence (selfie, liveness), and the thresholds verify
 * applies to that evidence (compare).
 */
package org.faceid.streams.processors.signals;
