// Shared by the chat and search pages: the anonymous client id, API calls and friendly errors.
'use strict';

window.DocChat = (function () {
  const CLIENT_KEY = 'docchat.clientId';

  function clientId() {
    let id = null;
    try { id = localStorage.getItem(CLIENT_KEY); } catch (e) { /* private mode */ }
    if (!id || !/^[A-Za-z0-9-]{16,64}$/.test(id)) {
      id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + '-' + Math.random().toString(36).slice(2, 14));
      try { localStorage.setItem(CLIENT_KEY, id); } catch (e) { /* keep it for this page only */ }
    }
    return id;
  }

  function headers(extra) {
    return Object.assign({ 'X-Client-Id': clientId() }, extra || {});
  }

  /** A message a person can act on, from an HTTP status or a problem+json body. */
  function friendly(status, problem) {
    if (status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (status === 401 || status === 403) return 'Please sign in to use DocChat.';
    if (status === 404) return 'That conversation no longer exists.';
    if (status === 429) return 'Too many questions at once. Wait a moment and try again.';
    if (status === 503) return 'The service is busy or starting up. Try again in a moment.';
    if (status >= 500) return 'Something went wrong on our side. Please try again.';
    if (problem && problem.detail) return problem.detail;
    return 'The request could not be completed (' + status + ').';
  }

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = headers(Object.assign({ 'Accept': 'application/json' }, opts.headers || {}));
    let res;
    try {
      res = await fetch(path, opts);
    } catch (e) {
      throw Object.assign(new Error(friendly(0)), { status: 0 });
    }
    if (!res.ok) {
      let problem = null;
      try { problem = await res.json(); } catch (e) { /* not JSON */ }
      throw Object.assign(new Error(friendly(res.status, problem)), { status: res.status });
    }
    return res.status === 204 ? null : res.json();
  }

  /** Only http(s) links (absolute or relative to this site) may become clickable. */
  function safeLink(link) {
    if (!link) return null;
    try {
      const u = new URL(link, location.href);
      return (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined) e.setAttribute(k, v);
    });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  return { clientId, headers, api, friendly, safeLink, el };
})();
