// Shared by the chat and search pages: the session (sign-in, name, CSRF), API calls and friendly errors.
// Identity lives in cookies the server sets (HttpOnly): a signed-in session, or in public mode an anonymous id.
'use strict';

window.DocChat = (function () {
  const SIGN_IN = '/oauth2/authorization/docchat';
  let current = null;

  /** The CSRF token a signed-in session sends on POST and DELETE (the readable XSRF-TOKEN cookie). */
  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    return current && current.csrf ? current.csrf.token : null;
  }

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const token = csrfToken();
    if (token) h['X-XSRF-TOKEN'] = token;
    return h;
  }

  /** Shows "Sign in" (when sign-in exists) or the user's name and "Sign out" in the page's top bar. */
  function renderAccount() {
    const box = document.getElementById('account');
    if (!box || !current) return;
    box.replaceChildren();
    if (current.signedIn && current.name) {
      box.append(el('span', { class: 'user', id: 'user-name' }, current.name));
      const out = el('button', { type: 'button', id: 'sign-out', class: 'secondary' }, 'Sign out');
      out.addEventListener('click', signOut);
      box.append(out);
    } else if (current.signInEnabled) {
      box.append(el('a', { href: SIGN_IN, id: 'sign-in', class: 'button primary' }, 'Sign in'));
    }
  }

  async function signOut() {
    let target = '/';
    try {
      const res = await fetch('/logout', { method: 'POST', headers: headers({ 'Accept': 'application/json' }) });
      const body = await res.json();
      if (body && body.redirect) target = body.redirect;
    } catch (e) { /* signed out here anyway: go home */ }
    location.href = target;
  }

  /** Loads GET /api/v1/session once per page: mode, sign-in, name, groups and the CSRF token. */
  async function session() {
    try {
      const res = await fetch('/api/v1/session', { headers: { 'Accept': 'application/json' } });
      current = res.ok ? await res.json() : null;
    } catch (e) {
      current = null;
    }
    renderAccount();
    return current;
  }

  /** After a 401: the session is gone (or never was); offer sign-in when the deployment has it. */
  function signInNeeded() {
    if (current) {
      current.signedIn = false;
      current.signInEnabled = true;
    } else {
      current = { signInEnabled: true, signedIn: false };
    }
    renderAccount();
  }

  /** A message a person can act on, from an HTTP status or a problem+json body. */
  function friendly(status, problem) {
    if (status === 0) return 'Cannot reach the server. Check your connection and try again.';
    if (status === 401) return 'Please sign in to use DocChat.';
    if (status === 403) return 'You may not do that. If you were signed in, sign in again.';
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
      if (res.status === 401) signInNeeded();
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

  const ready = session();

  return { headers, api, friendly, safeLink, el, session, ready, signInNeeded };
})();
