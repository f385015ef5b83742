// The node's HTTP API. Every call carries the bearer token; failures become ApiError with the server's message.

import { getToken } from './token.js';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  get unauthorized() {
    return this.status === 401;
  }
}

async function call(method, path, body) {
  const headers = { Authorization: `Bearer ${getToken() || ''}`, Accept: 'application/json' };
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'The node is not answering.', null);
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const message = json && typeof json.error === 'string' ? json.error : `HTTP ${response.status}`;
    throw new ApiError(response.status, message, json);
  }
  return json;
}

export const api = {
  node: () => call('GET', '/api/node'),
  files: (q, sort = 'name') => call('GET', `/api/files?q=${encodeURIComponent(q)}&sort=${encodeURIComponent(sort)}`),
  startDownload: (fileId) => call('POST', '/api/downloads', { fileId }),
  startLink: (link) => call('POST', '/api/downloads', { link }),
  cancelDownload: (id) => call('DELETE', `/api/downloads/${encodeURIComponent(id)}`),
  pauseDownload: (id) => call('POST', `/api/downloads/${encodeURIComponent(id)}/pause`),
  resumeDownload: (id) => call('POST', `/api/downloads/${encodeURIComponent(id)}/resume`),
};
