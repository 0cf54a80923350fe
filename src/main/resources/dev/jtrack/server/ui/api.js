// The REST client of the UI: MLflow's API under ajax-api/2.0/mlflow/, as MLflow's own UI calls it.
// URLs are built from location.origin + pathname, never from the full location: a page opened as
// http://user:pass@host/ must not put those credentials into fetch() (browsers refuse that); the
// browser adds the Basic credentials it already holds for this origin by itself.

const ROOT = new URL('.', location.origin + location.pathname);
const API = new URL('ajax-api/2.0/mlflow/', ROOT);

/** An error reply from the server: MLflow's error_code and message plus the HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let pending = 0;
function busy(delta) {
  pending += delta;
  const b = document.getElementById('busy');
  if (b) b.hidden = pending === 0;
}

async function call(method, path, params) {
  let url = new URL(path, API);
  const init = {method, headers: {Accept: 'application/json'}, credentials: 'same-origin'};
  if (method === 'GET') {
    for (const [k, v] of Object.entries(params || {})) {
      if (v === undefined || v === null) continue;
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
    }
  } else {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(params || {});
  }
  busy(1);
  try {
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      throw new ApiError(0, 'NETWORK_ERROR', `The server did not answer (${e.message}).`);
    }
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : {};
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const code = body && body.error_code ? body.error_code : `HTTP_${res.status}`;
      let msg = body && body.message ? body.message : text.slice(0, 500);
      if (res.status === 401) msg += ' Reload the page to sign in.';
      throw new ApiError(res.status, code, msg);
    }
    if (body === null) throw new ApiError(res.status, 'BAD_RESPONSE', 'The server sent a reply that is not JSON.');
    return body;
  } finally {
    busy(-1);
  }
}

/** GET with query parameters (arrays repeat the parameter). */
export function get(path, params) {
  return call('GET', path, params);
}

/** POST with a JSON body. */
export function post(path, body) {
  return call('POST', path, body);
}

/** PATCH with a JSON body (registered-models/update and the like). */
export function patch(path, body) {
  return call('PATCH', path, body);
}

/** DELETE with a JSON body (registered-models/alias, model-versions/delete and the like). */
export function del(path, body) {
  return call('DELETE', path, body);
}

/**
 * Fetches every page of a paged GET/POST search (at most maxPages pages), concatenating the list
 * under `field`.
 */
export async function all(method, path, params, field, maxPages = 50) {
  const out = [];
  let token;
  for (let i = 0; i < maxPages; i++) {
    const p = Object.assign({}, params, token ? {page_token: token} : {});
    const r = await (method === 'GET' ? get(path, p) : post(path, p));
    out.push(...(r[field] || []));
    token = r.next_page_token;
    if (!token) break;
  }
  return out;
}

/** The URL that downloads one run artifact (through /get-artifact, as MLflow's UI does). */
export function artifactUrl(runId, path) {
  const u = new URL('get-artifact', ROOT);
  u.searchParams.set('run_id', runId);
  u.searchParams.set('path', path);
  return u.toString();
}

/** The URL that downloads one file of a registered model version. */
export function modelVersionArtifactUrl(name, version, path) {
  const u = new URL('model-versions/get-artifact', ROOT);
  u.searchParams.set('name', name);
  u.searchParams.set('version', version);
  u.searchParams.set('path', path);
  return u.toString();
}

/** Fetches an artifact as text (for previews), at most maxBytes of it. */
export async function artifactText(runId, path, maxBytes = 200000) {
  busy(1);
  try {
    const res = await fetch(artifactUrl(runId, path), {credentials: 'same-origin'});
    if (!res.ok) {
      let code = `HTTP_${res.status}`;
      let msg = res.statusText;
      try {
        const b = await res.json();
        code = b.error_code || code;
        msg = b.message || msg;
      } catch (e) { /* not JSON */ }
      throw new ApiError(res.status, code, msg);
    }
    const buf = await res.arrayBuffer();
    const text = new TextDecoder('utf-8', {fatal: false}).decode(buf.slice(0, maxBytes));
    return {text, truncated: buf.byteLength > maxBytes, size: buf.byteLength};
  } finally {
    busy(-1);
  }
}
