// The Lite Raw API from the page: multipart POSTs. The api_key is kept in this tab (sessionStorage);
// the api_secret only in this page's memory, so no storage ever holds it: a reload asks for it again.
const KEY = 'faceid.api_key';
const BASE = new URL('../faceid/lite/raw/', document.baseURI);
let apiSecret = '';
// Pages before this one kept the secret in the tab: take it out.
sessionStorage.removeItem('faceid.api_secret');

export const credentials = {
  save(apiKey, secret) {
    sessionStorage.setItem(KEY, apiKey);
    apiSecret = secret;
  },
  present() {
    return Boolean(sessionStorage.getItem(KEY) && apiSecret);
  },
  apiKey() {
    return sessionStorage.getItem(KEY) || '';
  },
};

/** Posts {name: string | {blob, filename}} to one call; answers {status, body}. */
export async function call(api, fields) {
  const form = new FormData();
  form.append('api_key', sessionStorage.getItem(KEY) || '');
  form.append('api_secret', apiSecret);
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
