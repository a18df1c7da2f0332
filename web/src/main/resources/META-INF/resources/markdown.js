// Model output -> safe HTML. marked renders Markdown with raw HTML escaped (the model's HTML is shown as
// text, never parsed), then DOMPurify sanitises the result, keeps only http(s)/mailto links, and drops
// images from other origins, so an answer can neither run script nor make the browser fetch elsewhere.
'use strict';

window.DocChatMarkdown = (function () {
  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  marked.use({
    gfm: true,
    breaks: false,
    renderer: {
      html(token) { return escapeHtml(token.text !== undefined ? token.text : token.raw || ''); }
    }
  });

  DOMPurify.addHook('afterSanitizeAttributes', function (node) {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      const safe = href && DocChat.safeLink(href);
      if (!safe && !(href && href.startsWith('mailto:'))) {
        node.removeAttribute('href');
      } else {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    }
    if (node.tagName === 'IMG') {
      // Only same-origin images may load; the rest lose their src here and become text in renderInto.
      const src = node.getAttribute('src') || '';
      let sameOrigin = false;
      try { sameOrigin = !src.startsWith('data:') && new URL(src, location.href).origin === location.origin; } catch (e) { sameOrigin = false; }
      if (!sameOrigin) node.removeAttribute('src');
    }
  });

  const CONFIG = {
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|\/|#|\.)/i,
    FORBID_TAGS: ['style', 'script', 'iframe', 'form', 'input', 'button', 'textarea', 'select', 'object', 'embed',
      'svg', 'math', 'video', 'audio', 'source', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'srcset', 'formaction', 'xlink:href', 'action', 'background', 'poster'],
    ALLOW_DATA_ATTR: false
  };

  /** Markdown text to a sanitised DocumentFragment. */
  function render(markdown) {
    return DOMPurify.sanitize(marked.parse(markdown || ''), Object.assign({ RETURN_DOM_FRAGMENT: true }, CONFIG));
  }

  /** Turns [n] / [n, m] in text (not in code) into links to the cited sources' deep links. */
  function linkCitations(root, sources) {
    const byN = new Map((sources || []).map(s => [s.n, s]));
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        return n.parentElement && n.parentElement.closest('code, pre, a') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach(textNode => {
      const parts = textNode.nodeValue.split(/(\[\d+(?:,\s*\d+)*\])/g);
      if (parts.length === 1) return;
      const frag = document.createDocumentFragment();
      parts.forEach(part => {
        const m = /^\[(\d+(?:,\s*\d+)*)\]$/.exec(part);
        if (!m) { if (part) frag.appendChild(document.createTextNode(part)); return; }
        m[1].split(/,\s*/).map(Number).forEach(n => {
          const s = byN.get(n);
          const href = s && DocChat.safeLink(s.link);
          const a = DocChat.el(href ? 'a' : 'span', {
            class: 'cite', href: href, target: href ? '_blank' : null, rel: href ? 'noopener noreferrer' : null,
            title: s ? (s.headingPath || s.title || s.link || '') : 'source ' + n, 'data-n': String(n)
          }, '[' + n + ']');
          frag.appendChild(a);
        });
      });
      textNode.replaceWith(frag);
    });
  }

  /** A copy button on every code block. */
  function addCopyButtons(root) {
    root.querySelectorAll('pre').forEach(pre => {
      if (pre.querySelector('button.copy')) return;
      const b = DocChat.el('button', { type: 'button', class: 'copy', 'aria-label': 'Copy code' }, 'Copy');
      b.addEventListener('click', async () => {
        const code = pre.querySelector('code') ? pre.querySelector('code').textContent : pre.textContent;
        try {
          await navigator.clipboard.writeText(code);
          b.textContent = 'Copied';
        } catch (e) {
          b.textContent = 'Select and copy';
        }
        setTimeout(() => { b.textContent = 'Copy'; }, 1500);
      });
      pre.appendChild(b);
    });
  }

  /** Renders markdown into target, with citation links and copy buttons. */
  function renderInto(target, markdown, sources) {
    const frag = render(markdown);
    frag.querySelectorAll('img:not([src])').forEach(img => {
      img.replaceWith(DocChat.el('span', { class: 'blocked-image' },
        '[image not loaded: ' + (img.getAttribute('alt') || 'external') + ']'));
    });
    linkCitations(frag, sources);
    target.replaceChildren(frag);
    addCopyButtons(target);
  }

  return { renderInto, escapeHtml };
})();
