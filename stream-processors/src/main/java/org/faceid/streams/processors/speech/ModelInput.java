package org.faceid.streams.processors.speech;

/** One acoustic model's decoders and the utterance at that model's sample rate. */
record ModelInput(DecoderPool pool, short[] pcm) {

  SphinxDecoder.Result decode(int digitCount) {
    return pool.with(decoder -> decoder.decode(pcm, digitCount));
  }

  SphinxDecoder.Result align(String digits) {
    return pool.with(decoder -> decoder.align(pcm, digits));
  }

  SphinxDecoder.Result decodeOther(String issued) {
    return pool.with(decoder -> decoder.decodeOther(pcm, issued));
  }
}
