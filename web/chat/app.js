// The chat room page: plain JavaScript, no build step. It connects to the WebSocket URL of the
// server it is served from (stage from ?stage=, default "local") and speaks the chat protocol of
// handlers/chat: join, leave, sendAll; joined, left, members, message, error.
'use strict';

const stage = new URLSearchParams(location.search).get('stage') || 'local';
const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/${encodeURIComponent(stage)}`;

const $ = (id) => document.getElementById(id);
const ui = {
  status: document.querySelector('.status'),
  statusText: $('status-text'),
  connectForm: $('connect-form'),
  name: $('name'),
  connectButton: $('connect-button'),
  disconnectButton: $('disconnect-button'),
  joinForm: $('join-form'),
  room: $('room'),
  joinButton: $('join-button'),
  rooms: $('rooms'),
  roomHeading: $('room-heading'),
  messages: $('messages'),
  members: $('members'),
  sendForm: $('send-form'),
  message: $('message'),
  sendButton: $('send-button'),
};

/** room name -> { members: Set<string>, log: Array<{kind, text, meta?}> } */
const rooms = new Map();
let current = null;
let socket = null;
let myName = '';

function setState(state, text) {
  ui.status.dataset.state = state;
  ui.statusText.textContent = text;
  const open = state === 'open';
  ui.joinButton.disabled = !open;
  ui.connectButton.hidden = open || state === 'connecting';
  ui.disconnectButton.hidden = !open;
  ui.name.disabled = open || state === 'connecting';
  refreshSend();
}

function refreshSend() {
  const canSend = socket?.readyState === WebSocket.OPEN && current !== null;
  ui.message.disabled = !canSend;
  ui.sendButton.disabled = !canSend;
}

function room(name) {
  if (!rooms.has(name)) rooms.set(name, { members: new Set(), log: [] });
  return rooms.get(name);
}

function addLog(roomName, entry) {
  room(roomName).log.push(entry);
  if (roomName === current) render();
}

function render() {
  ui.rooms.replaceChildren(
    ...[...rooms.keys()].sort().map((name) => {
      const item = document.createElement('li');
      const select = document.createElement('button');
      select.type = 'button';
      select.className = 'select';
      select.textContent = `# ${name}`;
      select.setAttribute('aria-current', String(name === current));
      select.addEventListener('click', () => {
        current = name;
        render();
      });
      const leave = document.createElement('button');
      leave.type = 'button';
      leave.className = 'leave';
      leave.textContent = 'Leave';
      leave.setAttribute('aria-label', `Leave ${name}`);
      leave.addEventListener('click', () => send({ action: 'leave', room: name }));
      item.append(select, leave);
      return item;
    }),
  );
  ui.roomHeading.textContent = current ? `# ${current}` : 'No room selected';
  const state = current ? room(current) : { members: new Set(), log: [] };
  ui.members.replaceChildren(
    ...[...state.members].sort().map((name) => {
      const item = document.createElement('li');
      item.textContent = name === myName ? `${name} (you)` : name;
      return item;
    }),
  );
  ui.messages.replaceChildren(
    ...state.log.map((entry) => {
      const item = document.createElement('li');
      item.className = entry.kind;
      if (entry.meta) {
        const meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = entry.meta;
        item.append(meta);
      }
      item.append(document.createTextNode(entry.text));
      return item;
    }),
  );
  ui.messages.scrollTop = ui.messages.scrollHeight;
  refreshSend();
}

function send(payload) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
}

function receive(data) {
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return;
  }
  switch (message.type) {
    case 'joined':
      room(message.room).members.add(message.name);
      if (message.name === myName && current === null) current = message.room;
      addLog(message.room, { kind: 'notice', text: `${message.name} joined` });
      break;
    case 'members':
      room(message.room).members = new Set(message.members);
      break;
    case 'left':
      if (message.name === myName) {
        rooms.delete(message.room);
        if (current === message.room) current = rooms.keys().next().value ?? null;
      } else {
        room(message.room).members.delete(message.name);
        addLog(message.room, { kind: 'notice', text: `${message.name} left` });
      }
      break;
    case 'message': {
      const time = new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      addLog(message.room, { kind: 'message', meta: `${time} ${message.name}`, text: message.message });
      break;
    }
    case 'error':
      addLog(current ?? 'lobby', { kind: 'error', text: message.message });
      break;
    default:
      // API Gateway's own frames, e.g. {"message": "Internal server error", ...}
      if (message.message) addLog(current ?? 'lobby', { kind: 'error', text: message.message });
  }
  render();
}

function connect(name) {
  myName = name;
  setState('connecting', 'Connecting…');
  socket = new WebSocket(`${wsBase}?name=${encodeURIComponent(name)}`);
  socket.addEventListener('open', () => setState('open', `Connected as ${name}`));
  socket.addEventListener('message', (event) => receive(event.data));
  socket.addEventListener('close', (event) => {
    rooms.clear();
    current = null;
    render();
    setState('closed', event.code === 1000 || event.code === 1005 ? 'Disconnected' : `Disconnected (${event.code}${event.reason ? ` ${event.reason}` : ''})`);
  });
}

ui.connectForm.addEventListener('submit', (event) => {
  event.preventDefault();
  // The server keeps names as trimmed, at most 32 code points: use the same so we know our own.
  const name = [...ui.name.value.trim()].slice(0, 32).join('');
  if (name) connect(name);
});
ui.disconnectButton.addEventListener('click', () => socket?.close(1000, 'bye'));
ui.joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = ui.room.value.trim();
  if (!name) return;
  current = name;
  room(name);
  render();
  send({ action: 'join', room: name });
});
ui.sendForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = ui.message.value.trim();
  if (!text || current === null) return;
  send({ action: 'sendAll', room: current, message: text });
  ui.message.value = '';
});

ui.name.value = `guest-${Math.floor(Math.random() * 9000 + 1000)}`;
setState('closed', 'Not connected');
render();
