// The search page: results as you type (debounced, stale responses dropped), arrow-key navigation.
'use strict';

(function () {
  const input = document.getElementById('q');
  const results = document.getElementById('results');
  const status = document.getElementById('status');
  let timer = null;
  let seq = 0;
  let active = -1;

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

  /** Highlighted snippets are HTML-escaped text with <em> marks: keep exactly those. */
  function snippet(html) {
    return DOMPurify.sanitize(html || '', { ALLOWED_TAGS: ['em'], ALLOWED_ATTR: [], RETURN_DOM_FRAGMENT: true });
  }

  function show(hits) {
    results.replaceChildren();
    active = -1;
    hits.forEach((h, i) => {
      const li = DocChat.el('li', { role: 'option', id: 'result-' + i, 'aria-selected': 'false' });
      const href = DocChat.safeLink(h.link);
      const title = DocChat.el(href ? 'a' : 'span', { class: 'title', href, tabindex: '-1' },
        h.title || h.link || h.chunkId);
      const path = DocChat.el('p', { class: 'path' }, h.headingPath || h.source || '');
      const p = DocChat.el('p', { class: 'snippet' });
      p.appendChild(snippet(h.snippet));
      li.append(title, path, p);
      li.addEventListener('click', e => {
        if (href && e.target.tagName !== 'A') location.href = href;
      });
      results.appendChild(li);
    });
    input.setAttribute('aria-expanded', String(hits.length > 0));
  }

  async function search(q) {
    const mine = ++seq;
    try {
      const body = await DocChat.api('/api/v1/search?q=' + encodeURIComponent(q) + '&k=10');
      if (mine !== seq) return; // a newer query is on its way
      const hits = (body && (body.hits || body.results)) || [];
      show(hits);
      status.textContent = hits.length ? hits.length + ' results' : 'Nothing relevant found. Try other words.';
    } catch (e) {
      if (mine === seq) {
        show([]);
        status.textContent = e.message;
      }
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      seq++;
      show([]);
      status.textContent = '';
      return;
    }
    timer = setTimeout(() => search(q), 180);
  });
  input.addEventListener('keydown', e => {
    if (e.key === 'ArrowDown') { e.preventDefault(); select(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); select(active - 1); }
    else if (e.key === 'Enter') {
      const li = items()[active];
      const a = li && li.querySelector('a');
      if (a) { e.preventDefault(); location.href = a.href; }
    } else if (e.key === 'Escape') {
      input.value = '';
      seq++;
      show([]);
      status.textContent = '';
    }
  });
  input.focus();
})();
