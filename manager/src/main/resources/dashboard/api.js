// Calls to the manager API. Every call goes through request(): with authentication on, a 401
// sends the browser to the login page, which comes back here afterwards.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function request(url, options = {}) {
  const response = await fetch(url, { credentials: 'same-origin', ...options });
  if (response.status === 401) {
    goToLogin();
    throw new ApiError(401, 'Signing in is required');
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return response;
}

export async function getJson(url, options) {
  return (await request(url, options)).json();
}

export async function getText(url, options) {
  return (await request(url, options)).text();
}

export async function requestJson(method, url) {
  return (await request(url, { method, headers: { Accept: 'application/json' } })).json();
}

/**
 * Reads a streamed text response line by line as it arrives and hands each batch of complete
 * lines to onLines. Resolves when the server ends the response; rejects when it breaks off.
 */
export async function streamLines(url, onLines, signal) {
  const response = await request(url, { signal });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let unfinished = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    const lines = (unfinished + decoder.decode(value, { stream: true })).split('\n');
    unfinished = lines.pop();
    onLines(lines.map(withoutCarriageReturn));
  }
  unfinished += decoder.decode();
  if (unfinished) {
    onLines([withoutCarriageReturn(unfinished)]);
  }
}

function withoutCarriageReturn(line) {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function goToLogin() {
  const here = location.pathname + location.search + location.hash;
  location.assign('/auth/login?next=' + encodeURIComponent(here));
}

/** The API's {"detail": ...} as one readable sentence. */
async function problemOf(response) {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const { detail } = await response.json();
    if (Array.isArray(detail)) {
      return detail.map(p => `${(p.loc || []).slice(1).join('.')}: ${p.msg}`).join('; ');
    }
    return detail ? String(detail) : fallback;
  } catch {
    return fallback;
  }
}
