// The DocChat widget: a docs site adds one tag,
//   <script src="https://chat.example.com/widget.js" async></script>
// (optional: data-position="left", data-label="Ask the docs") and gets a floating button that opens the chat
// in a panel. The chat runs in an iframe of the chat server's /embed.html, so the docs site's scripts cannot
// read the conversation and the chat's cookies and CSRF token never meet the docs site.
// The server decides who may embed it (DOCCHAT_EMBED_ORIGINS): /widget/config answers only those origins
// (CORS), and the embed page's frame-ancestors lists only them. On another site the button never appears.
// Styles are set from script inside a shadow root: nothing leaks into the page, and a page whose
// Content-Security-Policy forbids inline styles still shows the widget (it must allow this server in
// script-src and frame-src).
(function () {
  'use strict';
  const script = document.currentScript;
  if (!script || window.__docchatWidget) return;
  window.__docchatWidget = true;
  const base = new URL(script.src, location.href).origin;
  const side = script.dataset.position === 'left' ? 'left' : 'right';
  const NS = 'http://www.w3.org/2000/svg';

  function css(el, styles) {
    Object.assign(el.style, styles);
    return el;
  }

  function icon(d) {
    const svg = document.createElementNS(NS, 'svg');
    [['viewBox', '0 0 24 24'], ['width', '26'], ['height', '26'], ['fill', 'none'], ['stroke', 'currentColor'],
      ['stroke-width', '2'], ['stroke-linecap', 'round'], ['stroke-linejoin', 'round'], ['aria-hidden', 'true']]
      .forEach(([k, v]) => svg.setAttribute(k, v));
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
    return svg;
  }

  const CHAT = 'M21 11.5a8.38 8.38 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.38 8.38 0 0 1-3.8-.9L3 21l1.9-5.7a8.38 8.38 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.38 8.38 0 0 1 3.8-.9h.5a8.48 8.48 0 0 1 8 8v.5z';
  const CLOSE = 'M18 6 6 18M6 6l12 12';

  function mount(config) {
    const title = script.dataset.label || config.title || 'DocChat';
    const host = css(document.createElement('div'), { position: 'fixed', bottom: '20px', [side]: '20px', zIndex: '2147483000' });
    host.id = 'docchat-widget';
    const root = host.attachShadow({ mode: 'open' });

    const button = css(document.createElement('button'), {
      width: '56px', height: '56px', borderRadius: '50%', border: 'none', cursor: 'pointer', display: 'flex',
      alignItems: 'center', justifyContent: 'center', background: '#2456d6', color: '#fff',
      boxShadow: '0 4px 14px rgba(0,0,0,.25)', padding: '0'
    });
    button.type = 'button';
    button.className = 'launcher';
    button.setAttribute('aria-label', 'Open ' + title);
    button.setAttribute('aria-expanded', 'false');
    button.title = title;
    button.appendChild(icon(CHAT));

    const panel = css(document.createElement('div'), {
      position: 'fixed', bottom: '88px', [side]: '20px', width: 'min(400px, calc(100vw - 24px))',
      height: 'min(600px, calc(100vh - 112px))', background: '#fff', borderRadius: '12px', overflow: 'hidden',
      boxShadow: '0 8px 32px rgba(0,0,0,.28)', display: 'none', flexDirection: 'column'
    });
    panel.className = 'panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', title);
    const bar = css(document.createElement('div'), {
      display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '6px 8px 6px 14px',
      background: '#2456d6', color: '#fff', font: '600 15px system-ui, sans-serif'
    });
    const heading = document.createElement('span');
    heading.textContent = title;
    const close = css(document.createElement('button'), {
      background: 'transparent', border: 'none', color: '#fff', cursor: 'pointer', width: '40px', height: '40px',
      display: 'flex', alignItems: 'center', justifyContent: 'center', padding: '0'
    });
    close.type = 'button';
    close.className = 'close';
    close.setAttribute('aria-label', 'Close ' + title);
    close.appendChild(icon(CLOSE));
    bar.append(heading, close);
    panel.appendChild(bar);
    root.append(panel, button);

    let frame = null;
    function open(show) {
      if (show && !frame) { // the chat loads on first open only: a docs page view costs the server nothing
        frame = css(document.createElement('iframe'), { border: 'none', width: '100%', flex: '1' });
        frame.src = base + '/embed.html';
        frame.title = title;
        frame.setAttribute('allow', 'clipboard-write');
        panel.appendChild(frame);
      }
      panel.style.display = show ? 'flex' : 'none';
      button.setAttribute('aria-expanded', String(show));
      button.setAttribute('aria-label', (show ? 'Close ' : 'Open ') + title);
      if (show) frame.focus(); else button.focus();
    }
    button.addEventListener('click', () => open(panel.style.display === 'none'));
    close.addEventListener('click', () => open(false));
    root.addEventListener('keydown', e => { if (e.key === 'Escape') open(false); });
    document.body.appendChild(host);
  }

  fetch(base + '/widget/config', { credentials: 'omit', headers: { 'Accept': 'application/json' } })
    .then(res => res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status)))
    .then(config => {
      if (document.body) mount(config);
      else document.addEventListener('DOMContentLoaded', () => mount(config));
    })
    .catch(() => console.warn('DocChat widget: ' + base + ' does not allow ' + location.origin
      + ' to embed the chat (its DOCCHAT_EMBED_ORIGINS), or cannot be reached.'));
})();
