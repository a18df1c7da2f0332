// The chat page: streams answers over SSE (fetch + ReadableStream, since EventSource cannot POST),
// renders them as sanitised Markdown with citation links, and keeps the conversation list.
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
    return { root: b, badge, content, notice, sources, actions, text: '', sourceList: [], pending: false };
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

  function feedbackButtons(view, messageId) {
    view.actions.replaceChildren();
    const up = DocChat.el('button', { type: 'button', class: 'thumb up', 'aria-pressed': 'false', 'aria-label': 'Helpful' }, '👍');
    const down = DocChat.el('button', { type: 'button', class: 'thumb down', 'aria-pressed': 'false', 'aria-label': 'Not helpful' }, '👎');
    const status = DocChat.el('span', { class: 'feedback-status', role: 'status' });
    const send = async (rating, button) => {
      try {
        await DocChat.api('/api/v1/messages/' + encodeURIComponent(messageId) + '/feedback', {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rating })
        });
        up.setAttribute('aria-pressed', String(button === up));
        down.setAttribute('aria-pressed', String(button === down));
        status.textContent = 'Thanks for the feedback.';
      } catch (e) {
        status.textContent = e.message;
      }
    };
    up.addEventListener('click', () => send('up', up));
    down.addEventListener('click', () => send('down', down));
    view.actions.append(up, down, status);
    view.actions.hidden = false;
    view.root.dataset.messageId = messageId;
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

  async function ask(text) {
    $('welcome') && $('welcome').remove();
    userBubble(text);
    const view = assistantBubble();
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
        showNotice(view, DocChat.friendly(res.status, problem));
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
      question.focus();
    }
  }

  async function loadConversations() {
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
      list.replaceChildren(DocChat.el('li', { class: 'error' }, e.message));
    }
  }

  async function openConversation(id) {
    try {
      const view = await DocChat.api('/api/v1/conversations/' + encodeURIComponent(id));
      conversationId = id;
      messages.replaceChildren();
      view.messages.forEach(m => {
        if (m.role === 'user') { userBubble(m.content); return; }
        const a = assistantBubble();
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
    messages.replaceChildren();
    closeSidebar();
    question.focus();
  }

  function closeSidebar() {
    document.body.classList.remove('sidebar-open');
    $('toggle-sidebar').setAttribute('aria-expanded', 'false');
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    const text = question.value.trim();
    if (!text || controller) return;
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
  $('toggle-sidebar').addEventListener('click', () => {
    const open = document.body.classList.toggle('sidebar-open');
    $('toggle-sidebar').setAttribute('aria-expanded', String(open));
  });

  loadConversations();
  question.focus();
})();
