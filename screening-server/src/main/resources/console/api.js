// Every call the console makes to the filter. The session cookie goes with each request (same
// origin); every request that changes anything carries X-Screening-Console: 1, which the filter
// requires of a cookie-authenticated change, so that no other site can act for the user.

/** Thrown for every answer that is not a success; message is plain words for staff. */
export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

const listeners = new Set();

/** fn() is called when the filter answers 401 to a signed-in request: the session has ended. */
export function onSessionEnded(fn) {
  listeners.add(fn);
}

const PLAIN = {
  400: 'The filter could not accept this.',
  401: 'Your session has ended. Sign in again.',
  403: 'Your role does not allow this.',
  404: 'The filter has no such record.',
  409: 'This conflicts with an entry that already exists.',
  413: 'This is too large for the filter to accept.',
  500: 'The filter met an internal problem. Nothing was changed. Try again, and tell the operators if it happens again.',
  503: 'The filter is not ready yet. Try again in a minute.',
  507: 'The filter\u2019s disk is full: nothing was saved. Tell the operators.',
};

/**
 * Calls the filter. options: method (default GET), json (a body sent as JSON), csv (a body sent
 * as text/csv), quiet401 (do not report an ended session). Resolves to the parsed JSON answer,
 * or null for an empty one. Rejects with ApiError.
 */
export async function call(path, { method = 'GET', json, csv, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (method !== 'GET' && method !== 'HEAD') headers['X-Screening-Console'] = '1';
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (csv !== undefined) {
    headers['Content-Type'] = 'text/csv';
    body = csv;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', 'The console could not reach the filter. Check the network and try again.');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (response.ok) return data;
  if (response.status === 401 && !quiet401) listeners.forEach((fn) => fn());
  const code = data && data.error ? data.error : String(response.status);
  let message = PLAIN[response.status] || `The filter answered with an error (${response.status}).`;
  if (data && data.message && response.status !== 401 && response.status !== 500) {
    message = `${message} ${sentence(data.message)}`;
  }
  if (code === 'CONSOLE_HEADER_REQUIRED') {
    message = 'The filter refused a change that did not come from this console. Reload the page and try again.';
  }
  throw new ApiError(response.status, code, message, data);
}

/** The filter's message as a sentence: a capital first letter and a full stop. */
export function sentence(text) {
  const t = String(text).trim();
  if (!t) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** The query string for the given parameters, leaving out empty ones. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
