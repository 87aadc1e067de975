package org.faceid.streams.processors.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FLAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.javacv.SeekableByteArrayOutputStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The audio bomb of issue 10, built with FFmpeg's own libraries as the command line does:
 * a short Matroska video whose FLAC audio packets each hold {@value #SAMPLES_PER_PACKET} samples
 * at 8 kHz (8.2 s) while their timestamps advance 1 ms apiece. The file is tens of kilobytes; a
 * decoder that trusts the timestamps expands it into hundreds of megabytes of PCM.
 */
public final class AudioBomb {

  static final int SAMPLES_PER_PACKET = 65_535;
  private static final int RATE = 8_000;

  private AudioBomb() {}

  /** {@code seconds} of 25 fps video with one bomb packet per millisecond beside it. */
  public static byte[] mkv(double seconds) {
    byte[] video = videoOnly(seconds);
    Path file = null;
    try {
      file = Files.createTempFile("audio-bomb", ".mkv");
      mux(video, (int) Math.round(seconds * 1000), file);
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }

  /** A plain grey-and-white picture sequence, MPEG-4 Part 2 in Matroska. */
  private static byte[] videoOnly(double seconds) {
    SeekableByteArrayOutputStream bytes = new SeekableByteArrayOutputStream();
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(bytes, 320, 240, 0);
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Mat picture = new Mat(240, 320, CV_8UC3, new Scalar(128, 128, 128, 0))) {
      recorder.setFormat("matroska");
      recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(25);
      recorder.start();
      for (int i = 0; i < Math.round(seconds * 25); i++) {
        recorder.record(converter.convert(picture));
      }
      recorder.stop();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot encode the bomb's video", e);
    }
    return bytes.toByteArray();
  }

  /** Copies the video's packets and adds {@code audioPackets} copies of one huge FLAC packet, 1 ms apart. */
  private static void mux(byte[] video, int audioPackets, Path file) throws IOException {
    AVCodecContext flac = silentFlacEncoder();
    AVPacket audio = av_packet_alloc();
    AVPacket pkt = av_packet_alloc();
    AVFormatContext oc = new AVFormatContext(null);
    try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(new ByteArrayInputStream(video))) {
      encodeOnePacket(flac, audio);
      in.start();
      AVStream videoIn = in.getFormatContext().streams(in.getVideoStream());
      check(avformat_alloc_output_context2(oc, null, "matroska", file.toString()), "output context");
      AVStream videoOut = avformat_new_stream(oc, null);
      check(avcodec_parameters_copy(videoOut.codecpar(), videoIn.codecpar()), "video parameters");
      videoOut.codecpar().codec_tag(0);
      AVStream audioOut = avformat_new_stream(oc, null);
      check(avcodec_parameters_from_context(audioOut.codecpar(), flac), "audio parameters");
      AVIOContext pb = new AVIOContext(null);
      check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open " + file);
      oc.pb(pb);
      check(avformat_write_header(oc, (AVDictionary) null), "header");
      AVRational ms = av_make_q(1, 1000);
      int written = 0;
      AVPacket next;
      while ((next = in.grabPacket()) != null) {
        check(av_packet_ref(pkt, next), "packet copy");
        long videoMs = Math.round(pkt.pts() * 1000.0 * videoIn.time_base().num() / videoIn.time_base().den());
        for (; written < audioPackets && written <= videoMs; written++) {
          writeAudio(oc, audio, audioOut, ms, written);
        }
        pkt.stream_index(videoOut.index());
        av_packet_rescale_ts(pkt, videoIn.time_base(), videoOut.time_base());
        check(av_interleaved_write_frame(oc, pkt), "video packet");
      }
      for (; written < audioPackets; written++) {
        writeAudio(oc, audio, audioOut, ms, written);
      }
      check(av_write_trailer(oc), "trailer");
    } finally {
      if (oc.pb() != null) {
        avio_closep(oc.pb());
      }
      avformat_free_context(oc);
      av_packet_free(pkt);
      av_packet_free(audio);
      avcodec_free_context(flac);
    }
  }

  private static void writeAudio(AVFormatContext oc, AVPacket audio, AVStream stream, AVRational ms, int index)
      throws IOException {
    AVPacket copy = av_packet_alloc();
    try {
      check(av_packet_ref(copy, audio), "audio packet copy");
      copy.stream_index(stream.index());
      copy.pts(index);
      copy.dts(index);
      copy.duration(1);
      av_packet_rescale_ts(copy, ms, stream.time_base());
      check(av_interleaved_write_frame(oc, copy), "audio packet");
    } finally {
      av_packet_free(copy);
    }
  }

  private static AVCodecContext silentFlacEncoder() throws IOException {
    AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_FLAC);
    AVCodecContext c = avcodec_alloc_context3(codec);
    c.sample_rate(RATE);
    c.sample_fmt(AV_SAMPLE_FMT_S16);
    av_channel_layout_default(c.ch_layout(), 1);
    c.time_base(av_make_q(1, RATE));
    c.frame_size(SAMPLES_PER_PACKET);
    check(avcodec_open2(c, codec, (AVDictionary) null), "FLAC encoder");
    return c;
  }

  private static void encodeOnePacket(AVCodecContext flac, AVPacket out) throws IOException {
    AVFrame frame = av_frame_alloc();
    try {
      frame.nb_samples(SAMPLES_PER_PACKET);
      frame.format(AV_SAMPLE_FMT_S16);
      frame.sample_rate(RATE);
      av_channel_layout_default(frame.ch_layout(), 1);
      check(av_frame_get_buffer(frame, 0), "audio frame");
      av_samples_set_silence(frame.extended_data(), 0, SAMPLES_PER_PACKET, 1, AV_SAMPLE_FMT_S16);
      frame.pts(0);
      check(avcodec_send_frame(flac, frame), "FLAC frame");
      check(avcodec_send_frame(flac, null), "FLAC flush");
      check(avcodec_receive_packet(flac, out), "FLAC packet");
    } finally {
      av_frame_free(frame);
    }
  }

  private static void check(int ret, String what) throws IOException {
    if (ret < 0) {
      throw new IOException(what + " failed: " + FfmpegErrors.errorText(ret));
    }
  }
}
