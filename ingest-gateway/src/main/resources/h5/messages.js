// A human sentence for each name the API answers with (seeds 000-003).
const ERRORS = {
  AUTHENTICATION_ERROR: 'The api_key and api_secret do not match.',
  'AUTHORIZATION_ERROR:Denied': 'This api_key may not use this check.',
  CONCURRENCY_LIMIT_EXCEEDED: 'The service is busy; try again in a moment.',
  API_NOT_FOUND: 'The service does not offer this call.',
  INTERNAL_ERROR: 'The service failed; try again.',
  'Request Entity Too Large': 'The file is larger than the service accepts.',
  INVALID_TOKEN: 'This step expired or belongs to another check; start again.',
  VIDEO_FACE_NOT_FOUND: 'No face was seen in the video.',
  VIDEO_LOW_FACE_QUALITY: 'The face in the video was too blurred, dark, small or had the eyes closed.',
  VIDEO_INVALID_DURATION: 'The video is too short or too long.',
  VIDEO_MULTIPLE_FACES: 'More than one face was seen in the video.',
  VIDEO_NO_AUDIO: 'The video has no sound; allow the microphone.',
  VIDEO_UNSUPPORTED_FORMAT: 'The video could not be read.',
  VIDEO_FACE_OCCLUDE: 'Part of the face was covered.',
  IMAGE_ERROR_UNSUPPORTED_FORMAT: 'The photo could not be read.',
  NO_FACE_FOUND: 'No face was found in the photo.',
  MULTIPLE_FACES: 'More than one face was found in the photo.',
  FACE_BLURRED: 'The face is blurred.',
  FACE_POOR_LIGHT: 'The face is too dark or too bright.',
  FACE_NOT_FRONT: 'Face the camera straight on.',
  FACE_NOT_SIDE: 'Turn your head to the side.',
  FACE_NOT_PROPER_POSITION: 'Move so that your face is in the middle, about a third of the picture.',
  INVALID_IMAGE_SIZE: 'The photo is larger than 4096 pixels on a side.',
  INVALID_NAME_FORMAT: 'The name is too long or not UTF-8.',
  INVALID_IDCARD_NUMBER: 'The ID card number is not 18 characters of digits (the last may be X).',
  MISSING_ARGUMENTS: 'A required field was not sent:',
  BAD_ARGUMENTS: 'A field has a value the service does not accept:',
};

const PROCEDURE = {
  PASSED: 'The procedure was followed.',
  VIDEO_SR_ERROR: 'The spoken digits were not the ones shown.',
  VIDEO_NOT_SYNCHRONIZED: 'The lips did not move with the voice.',
  VIDEO_FACE_INCONSISTENT: 'The face changed during the video.',
  SELFIE_INCONSISTENT: 'The two photos do not show the same person.',
  SELFIE_METADATA_INCONSISTENT: 'The two photos do not come from the same camera session.',
};

const GENUINENESS = {
  PASSED: 'A real face, not an attack.',
  MASK: 'A mask was detected.',
  SCREEN_REPLAY: 'A face shown on a screen was detected.',
  FACEGEN: 'A software-generated face was detected.',
};

/** The sentence for an error_message, whose name may carry ":param" or ": key". */
export function errorSentence(message) {
  if (ERRORS[message]) {
    return ERRORS[message];
  }
  const [name, detail] = message.split(/:\s?/, 2);
  const sentence = ERRORS[name] || 'The service refused the request.';
  return detail ? `${sentence} ${detail}` : sentence;
}

export function procedureSentence(value) {
  return PROCEDURE[value] || 'Not passed.';
}

export function genuinenessSentence(value) {
  return GENUINENESS[value] || 'Not a genuine face.';
}
