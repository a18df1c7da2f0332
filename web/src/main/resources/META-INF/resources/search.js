// The search page: results as you type, frugally (anonymous visitors have 100 requests an hour per address):
// a request only after a pause in typing and from MIN_LENGTH characters (Enter searches at once), the request
// in flight cancelled when the text changes, nothing sent again for a query already shown, and a countdown
// instead of requests while rate limited. Filters by source, "More results" (the next page), arrow keys, Ctrl/Cmd-K.
'use strict';

(function () {
  const input = document.getElementById('q');
  const results = document.getElementById('results');
  const status = document.getElementById('status');
  const filters = document.getElementById('filters');
  const more = document.getElementById('more');
  const PAGE = 10;
  const MIN_LENGTH = 3;
  const PAUSE_MS = 300;
  let timer = null;
  let inFlight = null;
  let active = -1;
  let shown = null;      // the query key whose results are on screen
  let offset = 0;
  let limitedUntil = 0;
  let stopCountdown = null;

  function items() {
    return Array.from(results.querySelectorAll('li[role="option"]'));
  }

  function select(i) {
    const all = items();
    if (!all.length) return;
    active = (i + all.length) % all.length;
    all.forEach((li, n) => li.setAttribute('aria-selected', String(n === active)));
    input.setAttribute('aria-activedescendant', all[active].id);
    all[active].scrollIntoView({ block: 'nearest' });
  }

  function clear() {
    results.replaceChildren();
    active = -1;
    shown = null;
    more.hidden = true;
    input.removeAttribute('aria-activedescendant');
    input.setAttribute('aria-expanded', 'false');
  }

  function append(hits, from) {
    hits.forEach((h, i) => {
      const li = DocChat.el('li', { role: 'option', id: 'result-' + (from + i), 'aria-selected': 'false' });
      const href = DocChat.safeLink(h.link);
      const title = DocChat.el(href ? 'a' : 'span', { class: 'title', href, tabindex: '-1' },
        h.title || h.link || h.chunkId);
      const path = DocChat.el('p', { class: 'path' }, [h.source, h.headingPath].filter(Boolean).join(' · '));
      const p = DocChat.el('p', { class: 'snippet' });
      p.appendChild(DocChat.snippet(h.snippet));
      li.append(title, path, p);
      li.addEventListener('click', e => {
        if (href && e.target.tagName !== 'A') location.href = href;
      });
      results.appendChild(li);
    });
    input.setAttribute('aria-expanded', String(items().length > 0));
  }

  function chosenSources() {
    return Array.from(filters.querySelectorAll('input[type=checkbox]:checked')).map(c => c.value);
  }

  function key(q) {
    return JSON.stringify([q, chosenSources()]);
  }

  function url(q, from) {
    const params = new URLSearchParams({ q, k: String(PAGE), offset: String(from) });
    chosenSources().forEach(s => params.append('source', s));
    return '/api/v1/search?' + params.toString();
  }

  /** Runs the query (a first page, or the next page when `next`); a newer call cancels this one. */
  async function search(q, next) {
    if (Date.now() < limitedUntil) return;
    if (!next && key(q) === shown) return; // already on screen: nothing to ask
    if (inFlight) inFlight.abort();
    const mine = new AbortController();
    inFlight = mine;
    const from = next ? offset + PAGE : 0;
    try {
      const body = await DocChat.api(url(q, from), { signal: mine.signal });
      if (inFlight !== mine) return;
      const hits = (body && body.hits) || [];
      if (!next) clear();
      offset = from;
      shown = key(q);
      append(hits, from);
      more.hidden = hits.length < PAGE;
      const total = items().length;
      status.textContent = total ? total + (total === 1 ? ' result' : ' results') + (more.hidden ? '' : ', more available')
        : 'Nothing relevant found. Try other words' + (chosenSources().length ? ' or fewer sources.' : '.');
    } catch (e) {
      if (e.name === 'AbortError' || inFlight !== mine) return;
      if (e.status === 429) {
        rateLimited(e.retryAfter || 60);
      } else {
        if (!next) clear();
        status.textContent = e.message;
      }
    } finally {
      if (inFlight === mine) inFlight = null;
    }
  }

  function rateLimited(seconds) {
    limitedUntil = Date.now() + seconds * 1000;
    if (stopCountdown) stopCountdown();
    stopCountdown = DocChat.countdown(status, seconds, s => 'Too many searches for now. Searching again in ' + s + ' s.', () => {
      limitedUntil = 0;
      stopCountdown = null;
      status.textContent = '';
      const q = input.value.trim();
      if (q) search(q, false);
    });
  }

  function scheduled(immediately) {
    clearTimeout(timer);
    const q = input.value.trim();
    if (inFlight && key(q) !== shown) { inFlight.abort(); inFlight = null; }
    if (!q) {
      clear();
      if (!stopCountdown) status.textContent = '';
      return;
    }
    if (immediately) { search(q, false); return; }
    if (q.length < MIN_LENGTH) {
      if (!stopCountdown) status.textContent = 'Type a few more letters, or press Enter to search.';
      return;
    }
    timer = setTimeout(() => search(q, false), PAUSE_MS);
  }

  /** One checkbox per source the caller may read (from /page/config); none shown when there is only one. */
  function showFilters(cfg) {
    if (!cfg.sources || cfg.sources.length < 2) return;
    cfg.sources.forEach((name, i) => {
      const id = 'source-' + i;
      const box = DocChat.el('input', { type: 'checkbox', id, value: name, name: 'source' });
      box.addEventListener('change', () => scheduled(true));
      const label = DocChat.el('label', { for: id, class: 'filter' });
      label.append(box, document.createTextNode(' ' + name));
      filters.appendChild(label);
    });
    filters.hidden = false;
  }

  input.addEventListener('input', () => scheduled(false));
  input.addEventListener('keydown', e => {
    if (e.key === 'ArrowDown') { e.preventDefault(); select(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); select(active - 1); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      const li = items()[active];
      const a = li && li.querySelector('a');
      if (a) location.href = a.href;
      else scheduled(true);
    } else if (e.key === 'Escape') {
      input.value = '';
      scheduled(false);
    }
  });
  more.addEventListener('click', () => {
    const q = input.value.trim();
    if (q) search(q, key(q) === shown);
  });
  DocChat.focusShortcut(input);
  DocChat.config.then(showFilters);
  input.focus();
})();
