// The page's flows: video liveness, silent liveness and two-angle selfie, each ending in verify.
import { call, credentials } from './api.js';
import { closeCamera, countIn, openCamera, photo, record } from './capture.js';
import { showResult } from './result.js';

const VIDEO_SECONDS = 4.5; // inside validate_video's 3-6 s
const STILL_SECONDS = 2; // inside validate_still's 1-3 s
const $ = (id) => document.getElementById(id);
const state = { token: null, tokenField: null };

function status(text) {
  $('status').textContent = text;
}

function requireCredentials() {
  if (!credentials.present()) {
    status('Enter the API credentials first.');
    $('api-key').focus();
    return false;
  }
  return true;
}

/** Shows the answer; on success keeps the token the next step needs. */
function step(title, answer, tokenName) {
  showResult($('result'), title, answer);
  const token = answer.status === 200 && tokenName ? answer.body[tokenName] : null;
  if (token) {
    state.token = token;
    $('verify-form').hidden = tokenName === 'token_front_face';
  }
  return token;
}

/** Shows the camera stage scrolled into view, so the preview and what is above it are on screen. */
function showStage() {
  $('stage').hidden = false;
  $('stage').scrollIntoView({ block: 'end' });
}

async function captureAndUpload(api, seconds, withAudio, fields, tokenName) {
  showStage();
  status('Get ready…');
  await countIn($('countdown'), 3);
  try {
    const stream = await openCamera($('preview'), withAudio);
    showStage();
    $('recording').hidden = false;
    status('Recording…');
    const video = await record(stream, seconds);
    $('recording').hidden = true;
    closeCamera($('preview'));
    status(`Uploading ${Math.round(video.blob.size / 1024)} KB…`);
    const answer = await call(api, { ...fields, video });
    status(answer.status === 200 ? 'Uploaded. Pick a reference photo and press Verify.' : 'The upload was refused.');
    step(api, answer, tokenName);
  } catch (e) {
    closeCamera($('preview'));
    status(`The camera or microphone could not be used: ${e.message}`);
  } finally {
    $('recording').hidden = true;
    $('stage').hidden = true;
  }
}

function showFlow(name) {
  document.querySelectorAll('.flow').forEach((s) => { s.hidden = s.id !== `flow-${name}`; });
  document.querySelectorAll('nav button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.flow === name)));
  $('verify-form').hidden = true;
  $('result').hidden = true;
  state.token = null;
  $(`flow-${name}`).querySelector('button').focus();
}

/** Once saved, the credentials fold into one line, leaving a phone's screen to the check. */
function showCredentials(editing) {
  $('credentials-fields').hidden = !editing;
  $('credentials-summary').hidden = editing;
  $('credentials-summary-key').textContent = credentials.apiKey();
}

$('credentials').addEventListener('submit', (e) => {
  e.preventDefault();
  credentials.save($('api-key').value.trim(), $('api-secret').value);
  $('api-secret').value = '';
  showCredentials(false);
  document.querySelector('nav button').focus();
});
$('change-credentials').addEventListener('click', () => {
  showCredentials(true);
  $('api-key').focus();
});
// After a reload the api_key is still known, the secret (never stored) is asked for again.
$('api-key').value = credentials.apiKey();
document.querySelectorAll('nav button').forEach((b) => b.addEventListener('click', () => showFlow(b.dataset.flow)));
$('video-seconds').textContent = String(VIDEO_SECONDS);

$('get-number').addEventListener('click', async () => {
  if (!requireCredentials()) return;
  const answer = await call('get_random_number', {});
  if (step('get_random_number', answer, 'token_random_number')) {
    $('digits').textContent = answer.body.random_number;
    $('verify-form').hidden = true;
    $('record-video').disabled = false;
    status('Press Record, then read the digits aloud.');
    $('record-video').focus();
  }
});

$('record-video').addEventListener('click', async () => {
  $('record-video').disabled = true;
  await captureAndUpload('validate_video', VIDEO_SECONDS, true,
    { token_random_number: state.token, return_image: '1' }, 'token_video');
});

$('record-still').addEventListener('click', async () => {
  if (!requireCredentials()) return;
  await captureAndUpload('validate_still', STILL_SECONDS, false, { return_image: '1' }, 'token_still');
});

$('open-camera').addEventListener('click', async () => {
  if (!requireCredentials()) return;
  try {
    showStage();
    await openCamera($('preview'), false);
    $('take-front').disabled = false;
    status('Face the camera and take the front photo.');
    $('take-front').focus();
  } catch (e) {
    status(`The camera could not be used: ${e.message}`);
  }
});

$('take-front').addEventListener('click', async () => {
  const answer = await call('validate_front_face', { selfie: await photo($('preview')) });
  if (step('validate_front_face', answer, 'token_front_face')) {
    $('take-side').disabled = false;
    status('Now turn your head to the side and take the side photo.');
    $('take-side').focus();
  }
});

$('take-side').addEventListener('click', async () => {
  const answer = await call('validate_side_face',
    { token_front_face: state.token, selfie: await photo($('preview')) });
  if (step('validate_side_face', answer, 'token_side_face')) {
    closeCamera($('preview'));
    $('stage').hidden = true;
    status('Pick a reference photo and press Verify.');
  }
});

$('verify-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('ref-photo').files[0];
  if (!file || !state.token) return;
  status('Verifying…');
  // Camera frames drawn on a canvas carry no EXIF, so the selfie flow cannot pass a metadata check.
  const selfie = document.querySelector('#flow-selfie:not([hidden])');
  const answer = await call('verify', {
    token: state.token, comparison_type: '0', uuid: crypto.randomUUID(),
    liveness_preferences: selfie ? 'selfie_no_metadata_check' : undefined,
    image_ref1: { blob: file, filename: file.name },
  });
  status('Done.');
  step('verify', answer, null);
});
