// The Lite Raw API from the page: multipart POSTs with the credentials kept in this tab only.
const KEY = 'faceid.api_key';
const SECRET = 'faceid.api_secret';
const BASE = new URL('../faceid/lite/raw/', document.baseURI);

export const credentials = {
  save(apiKey, apiSecret) {
    sessionStorage.setItem(KEY, apiKey);
    sessionStorage.setItem(SECRET, apiSecret);
  },
  present() {
    return Boolean(sessionStorage.getItem(KEY) && sessionStorage.getItem(SECRET));
  },
  apiKey() {
    return sessionStorage.getItem(KEY) || '';
  },
};

/** Posts {name: string | {blob, filename}} to one call; answers {status, body}. */
export async function call(api, fields) {
  const form = new FormData();
  form.append('api_key', sessionStorage.getItem(KEY) || '');
  form.append('api_secret', sessionStorage.getItem(SECRET) || '');
  for (const [name, value] of Object.entries(fields)) {
    if (value && value.blob) {
      form.append(name, value.blob, value.filename);
    } else if (value !== undefined && value !== null) {
      form.append(name, value);
    }
  }
  const response = await fetch(new URL(api, BASE), { method: 'POST', body: form, credentials: 'omit' });
  let body;
  try {
    body = await response.json();
  } catch {
    body = { error_message: `HTTP ${response.status}` };
  }
  return { status: response.status, body };
}
