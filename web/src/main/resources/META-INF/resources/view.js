// The source view page (/view.html?chunk=ID): the cited chunk's section from the index, the chunk highlighted
// and scrolled into view. Citations of sources with no public URL link here; the API returns only what the
// caller may read, and says 404 for anything else.
'use strict';

(async function () {
  const status = document.getElementById('status');
  const chunk = new URLSearchParams(location.search).get('chunk');
  if (!chunk) {
    status.textContent = 'No passage named: this page shows the passage a citation links to.';
    return;
  }
  await DocChat.ready;
  let view;
  try {
    view = await DocChat.api('/api/v1/source-view?chunk=' + encodeURIComponent(chunk));
  } catch (e) {
    status.textContent = e.status === 404
      ? 'This passage does not exist any more, or you may not read it.'
      : e.message;
    return;
  }
  document.title = (view.title || view.location || 'Source') + ' · DocChat';
  document.getElementById('doc-title').textContent = view.title || view.location;
  document.getElementById('doc-source').textContent = view.source || '';
  document.getElementById('doc-location').textContent = view.location || '';
  document.getElementById('doc-section').textContent = view.section || '';
  document.getElementById('earlier').hidden = !view.earlier;
  document.getElementById('later').hidden = !view.later;
  const box = document.getElementById('passages');
  let cited = null;
  let heading = null;
  view.passages.forEach(p => {
    if (p.headingPath && p.headingPath !== heading && p.headingPath !== view.section) {
      box.append(DocChat.el('h3', { class: 'passage-heading' }, p.headingPath.split(' > ').slice(-1)[0]));
    }
    heading = p.headingPath;
    const section = DocChat.el('section', {
      class: 'passage' + (p.cited ? ' cited' : ''), id: 'chunk-' + p.n, 'data-chunk-id': p.chunkId,
      'aria-current': p.cited ? 'true' : null, 'aria-label': p.cited ? 'The cited passage' : null
    });
    const body = DocChat.el('div', { class: 'content' });
    DocChatMarkdown.renderInto(body, p.text, []);
    section.append(body);
    if (p.line || p.page) {
      section.append(DocChat.el('p', { class: 'where' }, p.page ? 'page ' + p.page : 'line ' + p.line));
    }
    box.append(section);
    if (p.cited) cited = section;
  });
  status.textContent = '';
  status.hidden = true;
  document.getElementById('document').hidden = false;
  if (cited) {
    cited.setAttribute('tabindex', '-1');
    cited.scrollIntoView({ block: 'center' });
    cited.focus({ preventScroll: true });
  }
})();
