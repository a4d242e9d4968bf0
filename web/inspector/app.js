// The inspector page: lists from /_inspector/api, kept live by its server-sent events.
'use strict';

(function () {
  const API = '/_inspector/api';
  const MAX_ROWS = 200; // as many invocations as the server keeps
  const $ = (id) => document.getElementById(id);
  const connections = new Map(); // connectionId -> row

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  }
  const time = (ms) => new Date(ms).toLocaleTimeString();
  const pretty = (value) => (value === undefined ? '(none)' : JSON.stringify(value, null, 2));
  const announce = (text) => {
    $('announcer').textContent = text;
  };

  async function call(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new Error((data && data.message) || 'HTTP ' + response.status);
    return data;
  }

  // Connections ------------------------------------------------------------------------------

  function renderConnectionCount() {
    $('connection-count').textContent = String(connections.size);
    $('no-connections').hidden = connections.size > 0;
  }

  function addConnection(connection, quietly) {
    if (connections.has(connection.connectionId)) return;
    const id = connection.connectionId;
    const post = el('button', { type: 'button', className: 'secondary', textContent: 'Select' });
    post.setAttribute('aria-label', 'Select ' + id + ' to post to');
    post.addEventListener('click', () => {
      $('post-connection').value = id;
      highlightSelected();
      $('post-data').focus();
    });
    const close = el('button', { type: 'button', className: 'danger', textContent: 'Disconnect' });
    close.setAttribute('aria-label', 'Disconnect ' + id);
    close.addEventListener('click', () => disconnect(id));
    const row = el('tr', {}, [
      el('td', {}, [el('code', { textContent: id })]),
      el('td', { textContent: time(connection.connectedAt) }),
      el('td', { textContent: time(connection.lastActiveAt) }),
      el('td', { textContent: connection.sourceIp }),
      el('td', { textContent: connection.principalId === undefined ? '—' : connection.principalId }),
      el('td', { className: 'actions' }, [post, close]),
    ]);
    row.dataset.connectionId = id;
    connections.set(id, row);
    $('connections').append(row);
    $('post-connection').append(el('option', { value: id, textContent: id }));
    renderConnectionCount();
    highlightSelected();
    if (!quietly) announce('Connection ' + id + ' opened');
  }

  function removeConnection(id, why) {
    const row = connections.get(id);
    if (!row) return;
    row.remove();
    connections.delete(id);
    for (const option of $('post-connection').options) if (option.value === id) option.remove();
    renderConnectionCount();
    highlightSelected();
    announce('Connection ' + id + ' closed' + (why ? ' (' + why + ')' : ''));
  }

  function highlightSelected() {
    const selected = $('post-connection').value;
    for (const [id, row] of connections) row.classList.toggle('selected', id === selected);
    $('disconnect-selected').disabled = !selected;
  }

  async function disconnect(id) {
    const result = $('post-result');
    try {
      await call('DELETE', '/connections/' + encodeURIComponent(id));
      result.dataset.ok = 'true';
      result.textContent = 'Disconnected ' + id + '.';
    } catch (error) {
      result.dataset.ok = 'false';
      result.textContent = 'Could not disconnect ' + id + ': ' + error.message;
    }
  }

  // Invocations ------------------------------------------------------------------------------

  function addInvocation(invocation, quietly) {
    const list = $('invocations');
    const items = [...list.children];
    if (items.some((item) => Number(item.dataset.seq) === invocation.seq)) return;
    const outcome = invocation.ok ? 'ok' : invocation.timedOut ? 'timed out' : 'failed';
    const body = el('div');
    const fill = (record) => {
      body.replaceChildren(
        el('h3', { textContent: 'Event' }),
        el('pre', { textContent: pretty(record.event) }),
        el('h3', { textContent: record.ok ? 'Result' : 'Error' }),
        el('pre', { textContent: pretty(record.ok ? record.result : record.error) }),
        el('h3', { textContent: 'Logs' }),
        el('pre', { className: 'logs', textContent: record.logs.length ? record.logs.join('\n') : '(no log lines)' }),
      );
    };
    fill(invocation);
    const details = el('details', {}, [
      el('summary', {}, [
        el('span', { className: 'route', textContent: invocation.routeKey }),
        el('span', { className: 'outcome ' + (invocation.ok ? 'ok' : 'failed'), textContent: outcome }),
        el('span', { className: 'meta', textContent: invocation.durationMs.toFixed(1) + ' ms' }),
        el('span', { className: 'meta', textContent: invocation.functionName }),
        el('code', { className: 'meta', textContent: invocation.connectionId }),
        el('span', { className: 'meta', textContent: time(invocation.finishedAt) }),
      ]),
      body,
    ]);
    // Lines can arrive after the invocation finished: fetch the latest when opened.
    details.addEventListener('toggle', () => {
      if (details.open) call('GET', '/invocations/' + invocation.seq).then(fill, () => undefined);
    });
    const item = el('li', {}, [details]);
    item.dataset.seq = String(invocation.seq);
    // Latest first, also when the list (reloaded) and the live feed overlap.
    list.insertBefore(item, items.find((other) => Number(other.dataset.seq) < invocation.seq) || null);
    while (list.children.length > MAX_ROWS) list.lastElementChild.remove();
    $('no-invocations').hidden = true;
    if (!quietly) announce(invocation.routeKey + ' ' + outcome + ' for ' + invocation.connectionId);
  }

  // Forms ------------------------------------------------------------------------------------

  $('post-connection').addEventListener('change', highlightSelected);
  $('disconnect-selected').addEventListener('click', () => {
    const id = $('post-connection').value;
    if (id) disconnect(id);
  });
  $('post-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = $('post-connection').value;
    const result = $('post-result');
    try {
      await call('POST', '/connections/' + encodeURIComponent(id) + '/messages', { data: $('post-data').value });
      result.dataset.ok = 'true';
      result.textContent = 'Posted to ' + id + '.';
    } catch (error) {
      result.dataset.ok = 'false';
      result.textContent = 'Could not post to ' + id + ': ' + error.message;
    }
  });
  $('test-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('test-result');
    const button = event.target.querySelector('button');
    button.disabled = true;
    result.dataset.ok = 'true';
    result.textContent = 'Sending…';
    try {
      const query = $('test-query').value.trim();
      const answer = await call('POST', '/test-connection', {
        message: $('test-message').value,
        waitMs: Number($('test-wait').value),
        ...(query ? { query } : {}),
      });
      result.dataset.ok = String(answer.opened);
      result.replaceChildren(
        answer.opened
          ? el('p', { textContent: 'Connection ' + answer.connectionId + ': ' + answer.received.length + ' message(s) back, then closed ' + answer.closed.code + '.' })
          : el('p', { textContent: 'The handshake was refused: ' + answer.status + ' ' + answer.body }),
        ...(answer.opened ? answer.received.map((message) => el('pre', { textContent: message })) : []),
      );
    } catch (error) {
      result.dataset.ok = 'false';
      result.textContent = 'Could not send: ' + error.message;
    } finally {
      button.disabled = false;
    }
  });

  // The live feed ----------------------------------------------------------------------------

  function setFeedState(state, text) {
    $('feed-status').dataset.state = state;
    $('feed-status-text').textContent = text;
  }

  async function reload() {
    const [listed, logged] = await Promise.all([call('GET', '/connections'), call('GET', '/invocations')]);
    for (const id of [...connections.keys()]) if (!listed.connections.some((c) => c.connectionId === id)) removeConnection(id);
    for (const connection of listed.connections) addConnection(connection, true);
    for (const invocation of logged.invocations) addInvocation(invocation, true);
  }

  const events = new EventSource(API + '/events');
  events.addEventListener('open', () => {
    setFeedState('open', 'Live');
    // (Re)connected: what happened while away comes from the lists.
    reload().catch((error) => setFeedState('closed', 'Could not load: ' + error.message));
  });
  events.addEventListener('error', () => setFeedState('connecting', 'Reconnecting to the live feed…'));
  events.addEventListener('connection-opened', (event) => addConnection(JSON.parse(event.data).connection));
  events.addEventListener('connection-closed', (event) => {
    const change = JSON.parse(event.data);
    removeConnection(change.connectionId, change.code + (change.reason ? ' ' + change.reason : ''));
  });
  events.addEventListener('invocation', (event) => addInvocation(JSON.parse(event.data).invocation));
  renderConnectionCount();
  highlightSelected();
})();
