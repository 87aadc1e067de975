// Camera and microphone: a preview, a timed recording in a format the browser can make, photos.
const TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm',
  'video/mp4;codecs=avc1,mp4a', 'video/mp4'];

export function recordingType() {
  return TYPES.find((t) => window.MediaRecorder && MediaRecorder.isTypeSupported(t)) || '';
}

// The service listens for the spoken digits: the voice as the microphone hears it, unprocessed.
const VOICE = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };

export async function openCamera(preview, withAudio) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
    audio: withAudio ? VOICE : false,
  });
  preview.srcObject = stream;
  await preview.play();
  return stream;
}

export function closeCamera(preview) {
  const stream = preview.srcObject;
  if (stream) {
    stream.getTracks().forEach((t) => t.stop());
  }
  preview.srcObject = null;
}

/** Records the stream for `seconds`; answers {blob, filename}. */
export function record(stream, seconds) {
  const mimeType = recordingType();
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  const chunks = [];
  recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
  return new Promise((resolve, reject) => {
    recorder.onerror = (e) => reject(e.error || new Error('recording failed'));
    recorder.onstop = () => {
      const type = recorder.mimeType || mimeType || 'video/webm';
      const extension = type.startsWith('video/mp4') ? 'mp4' : 'webm';
      resolve({ blob: new Blob(chunks, { type }), filename: `video.${extension}` });
    };
    recorder.start();
    setTimeout(() => recorder.state !== 'inactive' && recorder.stop(), seconds * 1000);
  });
}

/** The preview's current picture as a JPEG: {blob, filename}. */
export function photo(preview) {
  const canvas = document.createElement('canvas');
  canvas.width = preview.videoWidth;
  canvas.height = preview.videoHeight;
  canvas.getContext('2d').drawImage(preview, 0, 0);
  return new Promise((resolve) => canvas.toBlob(
    (blob) => resolve({ blob, filename: 'selfie.jpg' }), 'image/jpeg', 0.92));
}

/** Shows n, n-1, ..., 1 in `element`, a second each. */
export async function countIn(element, n) {
  for (let i = n; i > 0; i--) {
    element.textContent = String(i);
    await new Promise((r) => setTimeout(r, 1000));
  }
  element.textContent = '';
}
