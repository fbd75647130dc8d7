'use strict';
// The approval console page. Every value from the server goes into the page as text (textContent), never
// as markup; the Content-Security-Policy allows only this script.
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const refreshMs = Math.max(100, Number(document.querySelector('meta[name="refresh-ms"]').content) || 1000);
  const list = document.getElementById('pending');
  const empty = document.getElementById('empty');
  const status = document.getElementById('status');
  const log = document.getElementById('log');
  const cards = new Map();

  function el(tag, className, value) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (value !== undefined && value !== null) e.textContent = String(value);
    return e;
  }

  function section(title, child) {
    const s = el('div', 'field');
    s.appendChild(el('h3', null, title));
    s.appendChild(child);
    return s;
  }

  function items(values, cls) {
    const ul = el('ul', cls);
    for (const v of values) ul.appendChild(el('li', null, v));
    if (values.length === 0) ul.appendChild(el('li', 'none', 'none'));
    return ul;
  }

  function pretty(json) {
    try {
      return JSON.stringify(JSON.parse(json), null, 2);
    } catch (e) {
      return json;
    }
  }

  function build(item) {
    const card = el('article', 'card');
    card.dataset.requestId = item.requestId;
    card.dataset.fingerprint = item.fingerprint;
    const head = el('div', 'head');
    head.appendChild(el('h2', 'tool', item.tool));
    const meta = [];
    if (item.agent) meta.push('agent ' + item.agent);
    if (item.conversation) meta.push('conversation ' + item.conversation);
    if (item.principal) meta.push('for ' + item.principal);
    meta.push('expires ' + new Date(item.expiresAt).toLocaleTimeString());
    head.appendChild(el('span', 'meta', meta.join(' · ')));
    card.appendChild(head);

    card.appendChild(section('Why approval is needed', items(item.reasons.map(
        r => r.rule + ': ' + r.reason + ' (' + r.check + ')'), 'reasons')));
    card.appendChild(section('Arguments (secrets masked)', el('pre', 'arguments', pretty(item.arguments))));
    card.appendChild(section('Resources', items(item.resources, 'resources')));
    card.appendChild(section('Agent\u2019s rationale', el('p', 'rationale', item.rationale || 'none given')));
    card.appendChild(section('Alternatives it considered', items(item.alternatives, 'alternatives')));
    card.appendChild(el('p', 'fingerprint', 'request ' + item.requestId + ' · fingerprint '
        + item.fingerprint.substring(0, 16)));

    const comment = el('textarea', 'comment');
    comment.placeholder = 'Comment (sent with a denial)';
    comment.maxLength = 2000;
    card.appendChild(comment);
    const buttons = el('div', 'buttons');
    const actions = [['approve', 'Approve once'], ['approve-session', 'Approve for session'], ['deny', 'Deny']];
    for (const [action, label] of actions) {
      const b = el('button', action, label);
      b.type = 'button';
      b.addEventListener('click', () => answer(card, action, comment.value));
      buttons.appendChild(b);
    }
    card.appendChild(buttons);
    return card;
  }

  function note(text, ok) {
    const li = el('li', ok ? 'ok' : 'refused', text);
    log.insertBefore(li, log.firstChild);
  }

  async function answer(card, action, comment) {
    for (const b of card.querySelectorAll('button')) b.disabled = true;
    const tool = card.querySelector('.tool').textContent;
    try {
      const response = await fetch('/api/answer', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
        body: JSON.stringify({
          requestId: card.dataset.requestId,
          fingerprint: card.dataset.fingerprint,
          action: action,
          comment: comment
        })
      });
      const result = await response.json();
      note(tool + ' (' + card.dataset.requestId + '): ' + result.message, result.accepted === true);
    } catch (e) {
      note(tool + ' (' + card.dataset.requestId + '): the console did not answer; try again', false);
      for (const b of card.querySelectorAll('button')) b.disabled = false;
      return;
    }
    card.remove();
    cards.delete(card.dataset.requestId);
    empty.hidden = cards.size !== 0;
  }

  function render(pending) {
    const seen = new Set();
    for (const item of pending) {
      seen.add(item.requestId);
      if (!cards.has(item.requestId)) {
        const card = build(item);
        cards.set(item.requestId, card);
        list.appendChild(card);
      }
    }
    for (const [id, card] of cards) {
      if (!seen.has(id)) {
        card.remove();
        cards.delete(id);
      }
    }
    empty.hidden = cards.size !== 0;
  }

  async function refresh() {
    try {
      const response = await fetch('/api/pending', {credentials: 'same-origin', cache: 'no-store'});
      if (response.status === 401) {
        status.textContent = 'signed out: open a new login link';
        return;
      }
      const body = await response.json();
      render(body.pending);
      status.textContent = 'live · ' + body.pending.length + ' waiting · updated '
          + new Date().toLocaleTimeString();
    } catch (e) {
      status.textContent = 'cannot reach the console; retrying';
    }
    setTimeout(refresh, refreshMs);
  }

  refresh();
})();
