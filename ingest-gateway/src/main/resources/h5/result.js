// Renders an answer readably: verdicts, comparison against the thresholds, or the error named.
import { errorSentence, genuinenessSentence, procedureSentence } from './messages.js';

const THRESHOLDS = [['1e-6', 'one in a million'], ['1e-5', 'one in 100,000'],
  ['1e-4', 'one in 10,000'], ['1e-3', 'one in 1,000']];

function row(list, term, value, id, passed) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  if (id) {
    dd.id = id;
  }
  if (passed !== undefined) {
    dd.className = passed ? 'pass' : 'fail';
  }
  list.append(dt, dd);
}

function comparison(list, name, result) {
  const met = THRESHOLDS.find(([key]) => result.confidence >= result.thresholds[key]);
  const verdict = met
    ? `same person: a stranger scores this high less than ${met[1]} times`
    : 'not the same person (below every threshold)';
  const bars = THRESHOLDS.map(([key]) => `${key}: ${result.thresholds[key].toFixed(1)}`).join(', ');
  row(list, `Comparison ${name}`, `${result.confidence.toFixed(1)} of 100, ${verdict} (${bars})`,
    `confidence-${name}`, Boolean(met));
}

/** Shows one answer in the result section; `title` names the step. */
export function showResult(section, title, { status, body }) {
  const list = section.querySelector('dl');
  list.replaceChildren();
  section.querySelector('h2').textContent = title;
  if (body.error_message) {
    row(list, 'Error', `${body.error_message} (HTTP ${status})`, 'error-name', false);
    row(list, 'Meaning', errorSentence(body.error_message), 'error-sentence');
  }
  if (body.liveness) {
    const { procedure_validation: procedure, face_genuineness: genuineness } = body.liveness;
    row(list, 'Procedure', `${procedure}: ${procedureSentence(procedure)}`, 'verdict', procedure === 'PASSED');
    if (genuineness) {
      row(list, 'Genuineness', `${genuineness}: ${genuinenessSentence(genuineness)}`, 'genuineness',
        genuineness === 'PASSED');
    }
  }
  for (const name of ['result_faceid', 'result_ref1', 'result_ref2', 'result_ref3']) {
    if (body[name]) {
      comparison(list, name.replace('result_', ''), body[name]);
    }
  }
  if (body.request_id) {
    row(list, 'Request', body.request_id);
  }
  const image = section.querySelector('img');
  image.hidden = !body.image_best;
  if (body.image_best) {
    image.src = body.image_best;
  }
  section.hidden = false;
  section.querySelector('h2').focus();
}
