// The chat page: streams answers over SSE (fetch + ReadableStream, since EventSource cannot POST),
// renders them as sanitised Markdown with citation links, and keeps the conversation list. Around each answer:
// source previews (expand in the list, hover or focus on a citation), copy, regenerate, thumbs with a reason
// box, and a countdown when the rate limit is reached. The same script runs the widget's embed page.
'use strict';

(function () {
  const $ = id => document.getElementById(id);
  const messages = $('messages');
  const form = $('ask');
  const question = $('question');
  const sendButton = $('send');
  const stopButton = $('stop');
  const list = $('conversations');
  let conversationId = null;
  let controller = null;
  let limited = false;
  const welcome = $('welcome');
  const views = new WeakMap(); // article element -> its view (sources for the citation previews)

  const MODE_LABELS = {
    extractive: 'Extractive answer: quoted from the docs, no AI model',
    unanswerable: 'Not found in the documentation',
    cache: 'Answered from cache'
  };

  function scrollToEnd() {
    messages.scrollTop = messages.scrollHeight;
  }

  function userBubble(text) {
    const b = DocChat.el('div', { class: 'message user' });
    b.appendChild(DocChat.el('div', { class: 'content' }, text));
    messages.appendChild(b);
    return b;
  }

  function assistantBubble() {
    const b = DocChat.el('article', { class: 'message assistant', 'aria-busy': 'true' });
    const badge = DocChat.el('p', { class: 'badge', hidden: '' });
    const content = DocChat.el('div', { class: 'content markdown' });
    const notice = DocChat.el('p', { class: 'notice', role: 'alert', hidden: '' });
    const sources = DocChat.el('ol', { class: 'sources', 'aria-label': 'Sources' });
    const actions = DocChat.el('div', { class: 'actions', hidden: '' });
    b.append(badge, content, notice, sources, actions);
    messages.appendChild(b);
    const view = { root: b, badge, content, notice, sources, actions, text: '', sourceList: [], pending: false };
    views.set(b, view);
    return view;
  }

  function renderSources(view, sources) {
    view.sourceList = sources || [];
    view.sources.replaceChildren();
    view.sourceList.forEach(s => {
      const li = DocChat.el('li', { value: String(s.n), id: null });
      const href = DocChat.safeLink(s.link);
      const label = (s.headingPath || s.title || s.link || ('Source ' + s.n));
      li.appendChild(href ? DocChat.el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label)
        : DocChat.el('span', {}, label));
      addPreview(li, s);
      view.sources.appendChild(li);
    });
  }

  function render(view) {
    if (view.pending) return;
    view.pending = true;
    requestAnimationFrame(() => {
      view.pending = false;
      DocChatMarkdown.renderInto(view.content, view.text, view.sourceList);
      scrollToEnd();
    });
  }

  function showMode(view, mode) {
    if (MODE_LABELS[mode]) {
      view.badge.textContent = MODE_LABELS[mode];
      view.badge.dataset.mode = mode;
      view.badge.hidden = false;
    }
  }

  function showNotice(view, text) {
    view.notice.textContent = text;
    view.notice.hidden = false;
  }

  /** An expandable preview of a source's passage (the snippet the API sent) under its entry in the list. */
  function addPreview(li, source) {
    if (!source.snippet) return;
    const id = 'preview-' + Math.random().toString(36).slice(2);
    const toggle = DocChat.iconButton('chevron', 'Show the passage', 'preview-toggle');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', id);
    const box = DocChat.el('blockquote', { class: 'preview', id, hidden: '' });
    box.appendChild(DocChat.snippet(source.snippet));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.setAttribute('aria-label', open ? 'Hide the passage' : 'Show the passage');
      box.hidden = !open;
    });
    li.append(toggle, box);
  }

  /** Hovering or focusing a citation [n] shows its source's passage in a tooltip next to it. */
  function citationPreviews() {
    const tip = DocChat.el('div', { class: 'cite-preview', id: 'cite-preview', role: 'tooltip', hidden: '' });
    document.body.appendChild(tip);
    const show = e => {
      const cite = e.target.closest && e.target.closest('.content .cite[data-n]');
      if (!cite) return;
      const view = views.get(cite.closest('article.message'));
      const s = view && view.sourceList.find(x => String(x.n) === cite.dataset.n);
      if (!s) return;
      tip.replaceChildren(DocChat.el('strong', {}, s.headingPath || s.title || ('Source ' + s.n)));
      if (s.snippet) {
        const p = DocChat.el('p', {});
        p.appendChild(DocChat.snippet(s.snippet));
        tip.appendChild(p);
      }
      const r = cite.getBoundingClientRect();
      tip.hidden = false;
      const left = Math.max(8, Math.min(r.left, window.innerWidth - tip.offsetWidth - 8));
      const below = r.bottom + 6 + tip.offsetHeight < window.innerHeight;
      tip.style.left = left + 'px';
      tip.style.top = (below ? r.bottom + 6 : Math.max(8, r.top - tip.offsetHeight - 6)) + 'px';
      cite.setAttribute('aria-describedby', 'cite-preview');
    };
    const hide = e => {
      const cite = e.target.closest && e.target.closest('.cite[data-n]');
      if (cite) { tip.hidden = true; cite.removeAttribute('aria-describedby'); }
    };
    messages.addEventListener('mouseover', show);
    messages.addEventListener('focusin', show);
    messages.addEventListener('mouseout', hide);
    messages.addEventListener('focusout', hide);
    document.addEventListener('keydown', e => { if (e.key === 'Escape') tip.hidden = true; });
  }

  function feedbackButtons(view, messageId) {
    view.actions.replaceChildren();
    const up = DocChat.iconButton('thumbs-up', 'Helpful', 'thumb up');
    const down = DocChat.iconButton('thumbs-down', 'Not helpful', 'thumb down');
    up.setAttribute('aria-pressed', 'false');
    down.setAttribute('aria-pressed', 'false');
    const status = DocChat.el('span', { class: 'feedback-status', role: 'status' });
    const send = async (rating, button, reason) => {
      try {
        await DocChat.api('/api/v1/messages/' + encodeURIComponent(messageId) + '/feedback', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(reason ? { rating, reason } : { rating })
        });
        up.setAttribute('aria-pressed', String(button === up));
        down.setAttribute('aria-pressed', String(button === down));
        status.textContent = 'Thanks for the feedback.';
        return true;
      } catch (e) {
        status.textContent = e.message;
        return false;
      }
    };
    up.addEventListener('click', () => {
      closeReason(view);
      send('up', up);
    });
    // Thumbs down counts at once; the reason, when given, is sent with it again (the API keeps the last one).
    down.addEventListener('click', async () => {
      if (await send('down', down)) reasonBox(view, reason => send('down', down, reason), status);
    });
    view.actions.append(up, down);
    answerActions(view);
    view.actions.append(status);
    view.actions.hidden = false;
    view.root.dataset.messageId = messageId;
  }

  function closeReason(view) {
    const old = view.root.querySelector('form.reason');
    if (old) old.remove();
  }

  /** "What was wrong?": a short text sent as the feedback's reason (the API takes up to 1,000 characters). */
  function reasonBox(view, submit, status) {
    closeReason(view);
    const form = DocChat.el('form', { class: 'reason' });
    const id = 'reason-' + Math.random().toString(36).slice(2);
    const label = DocChat.el('label', { for: id }, 'What was wrong or missing? (optional)');
    const text = DocChat.el('textarea', { id, rows: '2', maxlength: '1000', class: 'reason-text' });
    const sendReason = DocChat.el('button', { type: 'submit', class: 'primary send-reason' }, 'Send');
    const skip = DocChat.el('button', { type: 'button', class: 'secondary skip-reason' }, 'Skip');
    form.append(label, text, DocChat.el('div', { class: 'reason-buttons' }));
    form.lastChild.append(sendReason, skip);
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const reason = text.value.trim();
      if (!reason) { form.remove(); return; }
      sendReason.disabled = true;
      if (await submit(reason)) {
        form.remove();
        status.textContent = 'Thanks, your note was sent.';
      } else {
        sendReason.disabled = false;
      }
    });
    text.addEventListener('keydown', e => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
    });
    skip.addEventListener('click', () => form.remove());
    view.actions.after(form);
    text.focus();
  }

  /** Copy (the answer as Markdown, citations included) and, on the latest answer, regenerate. */
  function answerActions(view) {
    const copy = DocChat.iconButton('copy', 'Copy answer', 'copy-answer');
    copy.addEventListener('click', async () => {
      const ok = await copyText(view.text);
      const status = view.actions.querySelector('.feedback-status');
      if (status) status.textContent = ok ? 'Answer copied.' : 'Copying is not allowed here: select the text instead.';
    });
    view.actions.append(copy);
    if (!view.question) return;
    messages.querySelectorAll('button.regenerate').forEach(b => b.remove()); // only the latest answer
    const again = DocChat.iconButton('refresh', 'Regenerate answer', 'regenerate');
    again.addEventListener('click', () => {
      if (controller || limited) return;
      view.root.remove();
      ask(view.question, { again: true });
    });
    view.actions.append(again);
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // no clipboard API (plain http other than localhost) or no permission: the selection fallback
      const area = DocChat.el('textarea', { class: 'sr-only', readonly: '' });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
      area.remove();
      return ok;
    }
  }

  /** The server's limit was reached: count down its Retry-After, keep the question, then let it be sent. */
  function rateLimited(view, seconds, text) {
    limited = true;
    question.value = text;
    sendButton.disabled = true;
    view.notice.hidden = false;
    view.root.classList.add('rate-limited');
    DocChat.countdown(view.notice, seconds || 60, s => 'Too many questions for now. You can ask again in ' + s + ' s.', () => {
      limited = false;
      sendButton.disabled = false;
      view.notice.textContent = 'You can ask again now.';
      question.focus();
    });
  }

  /** The configured starter questions, as buttons in the empty chat. */
  function starters(cfg) {
    const box = $('starters');
    if (!box) return;
    box.replaceChildren();
    cfg.starterQuestions.forEach(q => {
      const b = DocChat.el('button', { type: 'button', class: 'starter' }, q);
      b.addEventListener('click', () => { if (!controller && !limited) ask(q); });
      box.appendChild(b);
    });
  }

  function handle(view, name, data) {
    switch (name) {
      case 'sources':
        renderSources(view, data.sources);
        break;
      case 'token':
        view.text += data.text;
        render(view);
        break;
      case 'citations':
        render(view);
        break;
      case 'error':
        if (data.code === 'blocked') {
          view.text = '';
          render(view);
        }
        showNotice(view, data.message || 'The answer could not be completed.');
        break;
      case 'done':
        conversationId = data.conversationId;
        view.question = view.asked;
        showMode(view, data.mode);
        feedbackButtons(view, data.messageId);
        view.root.dataset.status = data.status;
        break;
    }
  }

  async function readStream(res, view) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let name = 'message';
        const data = [];
        block.split('\n').forEach(line => {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        });
        if (data.length) {
          try { handle(view, name, JSON.parse(data.join('\n'))); } catch (e) { /* ignore a malformed event */ }
        }
      }
    }
  }

  function busy(on) {
    sendButton.hidden = on;
    stopButton.hidden = !on;
    question.disabled = on;
  }

  async function ask(text, options) {
    welcome.remove();
    if (!(options && options.again)) userBubble(text);
    const view = assistantBubble();
    view.asked = text;
    let retryIn = null;
    scrollToEnd();
    controller = new AbortController();
    busy(true);
    try {
      const res = await fetch('/api/v1/chat', {
        method: 'POST',
        headers: DocChat.headers({ 'Content-Type': 'application/json', 'Accept': 'text/event-stream' }),
        body: JSON.stringify({ question: text, conversationId }),
        signal: controller.signal
      });
      if (!res.ok) {
        let problem = null;
        try { problem = await res.json(); } catch (e) { /* not JSON */ }
        if (res.status === 404) conversationId = null;
        if (res.status === 401) DocChat.signInNeeded();
        if (res.status === 429) retryIn = DocChat.retryAfter(res) || 60;
        else showNotice(view, DocChat.friendly(res.status, problem));
      } else {
        await readStream(res, view);
        loadConversations();
      }
    } catch (e) {
      showNotice(view, e.name === 'AbortError' ? 'Stopped.' : DocChat.friendly(0));
    } finally {
      view.root.setAttribute('aria-busy', 'false');
      controller = null;
      busy(false);
      if (retryIn !== null) rateLimited(view, retryIn, text);
      question.focus();
    }
  }

  async function loadConversations() {
    if (!list) return; // the widget's embed page has no conversation list
    try {
      const items = await DocChat.api('/api/v1/conversations');
      list.replaceChildren();
      items.forEach(c => {
        const li = DocChat.el('li', { class: c.id === conversationId ? 'current' : null });
        const open = DocChat.el('button', { type: 'button', class: 'open' }, c.title || 'Untitled');
        open.addEventListener('click', () => openConversation(c.id));
        const del = DocChat.el('button', { type: 'button', class: 'delete', 'aria-label': 'Delete conversation: ' + (c.title || '') }, '×');
        del.addEventListener('click', async () => {
          try {
            await DocChat.api('/api/v1/conversations/' + encodeURIComponent(c.id), { method: 'DELETE' });
            if (c.id === conversationId) newChat();
            loadConversations();
          } catch (e) { /* the list stays as it was */ }
        });
        li.append(open, del);
        list.appendChild(li);
      });
    } catch (e) {
      if (e.status === 429) return; // rate limited: keep the list as it is, the answer's notice counts down
      list.replaceChildren(DocChat.el('li', { class: 'error' }, e.message));
    }
  }

  async function openConversation(id) {
    try {
      const view = await DocChat.api('/api/v1/conversations/' + encodeURIComponent(id));
      conversationId = id;
      messages.replaceChildren();
      let asked = null;
      view.messages.forEach(m => {
        if (m.role === 'user') { userBubble(m.content); asked = m.content; return; }
        const a = assistantBubble();
        a.question = asked;
        a.root.setAttribute('aria-busy', 'false');
        let cited = [];
        try { cited = JSON.parse(m.citations || '[]') || []; } catch (e) { cited = []; }
        renderSources(a, cited);
        a.text = m.content;
        DocChatMarkdown.renderInto(a.content, a.text, a.sourceList);
        showMode(a, m.mode);
        if (m.status !== 'complete') showNotice(a, 'This answer was cut off.');
        feedbackButtons(a, m.id);
      });
      closeSidebar();
      loadConversations();
      question.focus();
    } catch (e) {
      alertInChat(e.message);
    }
  }

  function alertInChat(text) {
    const v = assistantBubble();
    v.root.setAttribute('aria-busy', 'false');
    showNotice(v, text);
  }

  function newChat() {
    conversationId = null;
    messages.replaceChildren(welcome);
    closeSidebar();
    question.focus();
  }

  function closeSidebar() {
    document.body.classList.remove('sidebar-open');
    if ($('toggle-sidebar')) $('toggle-sidebar').setAttribute('aria-expanded', 'false');
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    const text = question.value.trim();
    if (!text || controller || limited) return;
    question.value = '';
    ask(text);
  });
  question.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  document.addEventListener('keydown', e => {
    if (e.key === 'Escape' && controller) controller.abort();
  });
  stopButton.addEventListener('click', () => controller && controller.abort());
  $('new-chat').addEventListener('click', newChat);
  if ($('toggle-sidebar')) {
    $('toggle-sidebar').addEventListener('click', () => {
      const open = document.body.classList.toggle('sidebar-open');
      $('toggle-sidebar').setAttribute('aria-expanded', String(open));
    });
  }

  citationPreviews();
  DocChat.focusShortcut(question);
  DocChat.config.then(starters);
  loadConversations();
  question.focus();
})();
