// Shared by the chat and search pages: the session (sign-in, name, CSRF), API calls and friendly errors,
// the page settings (title, starter questions, sources), icons, the rate-limit countdown and Ctrl/Cmd-K.
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
      // Inside the widget's iframe the identity provider refuses to be framed: sign in on a page of its own.
      const framed = document.body.classList.contains('embed');
      box.append(el('a', { href: framed ? '/' : SIGN_IN, id: 'sign-in', class: 'button primary',
        target: framed ? '_blank' : null, rel: framed ? 'noopener' : null }, 'Sign in'));
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
      if (e.name === 'AbortError') throw e; // the caller cancelled it: not an error to show
      throw Object.assign(new Error(friendly(0)), { status: 0 });
    }
    if (!res.ok) {
      let problem = null;
      try { problem = await res.json(); } catch (e) { /* not JSON */ }
      if (res.status === 401) signInNeeded();
      throw Object.assign(new Error(friendly(res.status, problem)), { status: res.status, retryAfter: retryAfter(res) });
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

  /** Seconds to wait from a 429's Retry-After (seconds or an HTTP date); null when absent. */
  function retryAfter(res) {
    const v = res.headers.get('Retry-After');
    if (!v) return null;
    if (/^\d+$/.test(v.trim())) return parseInt(v, 10);
    const at = Date.parse(v);
    return isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }

  /**
   * Counts down a rate limit in `target` ("You can ask again in 42 s"), then calls `done`. Returns a function
   * that stops it. One second per tick; the server's Retry-After decides the start.
   */
  function countdown(target, seconds, phrase, done) {
    let left = Math.max(1, seconds || 1);
    const tick = () => {
      target.textContent = phrase(left);
      target.dataset.retryIn = String(left);
    };
    tick();
    const timer = setInterval(() => {
      left -= 1;
      if (left > 0) { tick(); return; }
      clearInterval(timer);
      delete target.dataset.retryIn;
      done();
    }, 1000);
    return () => clearInterval(timer);
  }

  // Icons drawn inline (SVG, feather-style strokes): no emoji or icon font is needed on the reader's system.
  const ICONS = {
    'thumbs-up': [['path', 'M14 9V5a3 3 0 0 0-3-3l-4 9v11h11.28a2 2 0 0 0 2-1.7l1.38-9a2 2 0 0 0-2-2.3zM7 22H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3']],
    'thumbs-down': [['path', 'M10 15v4a3 3 0 0 0 3 3l4-9V2H5.72a2 2 0 0 0-2 1.7l-1.38 9a2 2 0 0 0 2 2.3zm7-13h2.67A2.31 2.31 0 0 1 22 4v7a2.31 2.31 0 0 1-2.33 2H17']],
    'copy': [['path', 'M9 9h11a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9a2 2 0 0 1-2-2z'], ['path', 'M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1']],
    'refresh': [['path', 'M23 4v6h-6M1 20v-6h6'], ['path', 'M3.51 9a9 9 0 0 1 14.85-3.36L23 10M1 14l4.64 4.36A9 9 0 0 0 20.49 15']],
    'menu': [['path', 'M3 6h18M3 12h18M3 18h18']],
    'close': [['path', 'M18 6 6 18M6 6l12 12']],
    'chevron': [['path', 'M6 9l6 6 6-6']],
    'check': [['path', 'M20 6 9 17l-5-5']],
    'search': [['path', 'M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.35-4.35']],
    'plus': [['path', 'M12 5v14M5 12h14']]
  };

  function icon(name) {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    [['viewBox', '0 0 24 24'], ['width', '18'], ['height', '18'], ['fill', 'none'], ['stroke', 'currentColor'],
      ['stroke-width', '2'], ['stroke-linecap', 'round'], ['stroke-linejoin', 'round'], ['aria-hidden', 'true'],
      ['focusable', 'false'], ['class', 'icon icon-' + name]].forEach(([k, v]) => svg.setAttribute(k, v));
    (ICONS[name] || []).forEach(([tag, d]) => {
      const p = document.createElementNS(NS, tag);
      p.setAttribute('d', d);
      svg.appendChild(p);
    });
    return svg;
  }

  /** A button showing an icon, named for screen readers (and as a tooltip) by `label`. */
  function iconButton(name, label, cls) {
    const b = el('button', { type: 'button', class: 'icon-button ' + (cls || ''), 'aria-label': label, title: label });
    b.appendChild(icon(name));
    return b;
  }

  /** Fills each `<span data-icon="name">` of the static HTML with its icon. */
  function drawIcons(root) {
    (root || document).querySelectorAll('[data-icon]').forEach(s => s.replaceChildren(icon(s.dataset.icon)));
  }

  /** A search snippet (HTML-escaped text with <em> marks) as DOM: exactly those marks are kept. */
  function snippet(html) {
    return DOMPurify.sanitize(html || '', { ALLOWED_TAGS: ['em'], ALLOWED_ATTR: [], RETURN_DOM_FRAGMENT: true });
  }

  /** GET /page/config once per page: title, starter questions and the sources the caller may filter by. */
  async function pageConfig() {
    let cfg = null;
    try {
      const res = await fetch('/page/config', { headers: { 'Accept': 'application/json' } });
      cfg = res.ok ? await res.json() : null;
    } catch (e) { /* the defaults below */ }
    cfg = Object.assign({ title: 'DocChat', starterQuestions: [], sources: [] }, cfg || {});
    const heading = document.getElementById('site-title');
    if (heading) heading.textContent = cfg.title;
    const suffix = document.body.dataset.titleSuffix;
    document.title = suffix ? cfg.title + ' ' + suffix : cfg.title;
    return cfg;
  }

  /** Ctrl-K (Cmd-K on a Mac) focuses the page's search or question box from anywhere on the page. */
  function focusShortcut(target) {
    document.addEventListener('keydown', e => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        target.focus();
        if (target.select) target.select();
      }
    });
  }

  const ready = session();
  const config = pageConfig();
  drawIcons();

  return { headers, api, friendly, safeLink, el, session, ready, signInNeeded, config, icon, iconButton, countdown,
    retryAfter, focusShortcut, snippet };
})();
