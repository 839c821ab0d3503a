// api.js - JSON over fetch for the pages. Errors come back as ApiError with
// the HTTP status (0 when the server could not be reached) and the RFC 9457
// problem document when the server sent one.

import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title || (status ? `HTTP ${status}` : 'network error'));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? null;
  }
}

/** Call the API. body (an object) is sent as JSON. Every request that is not
 * a GET carries Content-Type: application/json, which the server requires of
 * state-changing requests. Returns the parsed JSON, or null for 204. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && method !== 'HEAD') headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  if (res.status === 204) return null;
  let data = null;
  if ((res.headers.get('Content-Type') || '').includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** A sentence for the person, in their language, for a failed call. */
export function errorMessage(err) {
  if (!(err instanceof ApiError)) return t('error.generic', { status: '?' });
  if (err.status === 0) return t('error.network');
  return t('error.generic', { status: err.status });
}
