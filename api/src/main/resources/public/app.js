'use strict';
// Ferry dashboard: plain JS, no build step. The token lives in sessionStorage (this tab only) and is sent as a
// bearer header; downloads use short-lived signed links so the token never appears in a URL.
(function () {
  const TOKEN_KEY = 'ferry.token';
  const POLL_MS = 2000;
  const $ = (id) => document.getElementById(id);
  const THROUGHPUT_WINDOW_MS = 5 * 60 * 1000;
  const state = { role: null, cursors: [null], page: 0, next: null, timer: null, inFlight: null, samples: [],
    detail: null, files: [], sort: { key: 'exportedAt', dir: -1 } };

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers = Object.assign({ Authorization: 'Bearer ' + token() }, opts.headers);
    const res = await fetch(path, opts);
    if (res.status === 401) {
      signOut('Your token was rejected; sign in again.');
      throw new Error('unauthorized');
    }
    if (!res.ok) {
      let message = res.status + ' ' + res.statusText;
      try {
        const body = await res.json();
        message = (body.error && body.error.message) || message;
      } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return res.status === 204 ? null : res.json();
  }

  function enc(id) { return encodeURIComponent(id); }
  function filePath(f) { return '/api/v1/files/' + enc(f.clientId) + '/' + enc(f.fileId); }

  function humanSize(bytes) {
    if (bytes === null || bytes === undefined) { return '?'; }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes; let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return (unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)) + ' ' + units[unit];
  }

  function humanTime(iso) {
    const date = new Date(iso);
    const seconds = Math.round((Date.now() - date.getTime()) / 1000);
    if (seconds < 60) { return seconds <= 1 ? 'just now' : seconds + ' s ago'; }
    if (seconds < 3600) { return Math.floor(seconds / 60) + ' min ago'; }
    if (seconds < 86400) { return Math.floor(seconds / 3600) + ' h ago'; }
    return date.toLocaleString();
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'className') { node.className = v; } else { node.setAttribute(k, v); }
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // ---- sign in ----
  async function signIn(candidate) {
    sessionStorage.setItem(TOKEN_KEY, candidate);
    try {
      const who = await api('/api/v1/whoami');
      state.role = who.role;
      $('who').textContent = who.role === 'admin' ? 'Admin' : 'Read-only';
      showApp(true);
      loadFiles();
      startPolling();
    } catch (e) {
      if (e.message !== 'unauthorized') { showSignInError(e.message); }
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopPolling();
    state.role = null;
    showApp(false);
    if (message) { showSignInError(message); }
  }

  function showSignInError(message) {
    $('signin-error').textContent = message;
    $('signin-error').hidden = false;
  }

  function showApp(signedIn) {
    $('signin').hidden = signedIn;
    $('app').hidden = !signedIn;
    $('who').hidden = !signedIn;
    $('signout').hidden = !signedIn;
    if (signedIn) { $('signin-error').hidden = true; $('token').value = ''; }
  }

  // ---- files ----
  function query(cursor) {
    const params = new URLSearchParams();
    const client = $('q-client').value.trim();
    const name = $('q-name').value.trim();
    if (client) { params.set('clientId', client); }
    if (name) { params.set('name', name); }
    const since = isoFromLocal($('q-since').value);
    const until = isoFromLocal($('q-until').value);
    if (since) { params.set('since', since); }
    if (until) { params.set('until', until); }
    params.set('limit', $('q-limit').value);
    if (cursor) { params.set('cursor', cursor); }
    return '/api/v1/files?' + params.toString();
  }

  /** A datetime-local value (the browser's time zone) as an ISO-8601 instant, or null when empty. */
  function isoFromLocal(value) {
    if (!value) { return null; }
    const date = new Date(value);
    return isNaN(date.getTime()) ? null : date.toISOString();
  }

  function showError(id, message) {
    $(id).textContent = message;
    $(id).hidden = !message;
  }

  function notice(message) {
    $('files-notice').textContent = message;
    $('files-notice').hidden = !message;
  }

  async function loadFiles() {
    $('files-error').hidden = true;
    $('files-status').textContent = 'Loading…';
    try {
      const page = await api(query(state.cursors[state.page]));
      renderFiles(page.files);
      state.next = page.cursor;
      $('prev').disabled = state.page === 0;
      $('next').disabled = !page.cursor;
      $('page').textContent = 'Page ' + (state.page + 1);
      $('files-status').textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (e.message !== 'unauthorized') {
        $('files-error').textContent = e.message;
        $('files-error').hidden = false;
        $('files-status').textContent = '';
      }
    }
  }

  // The API returns newest export first; the column buttons sort the page shown (the API has no sort parameter).
  function sortFiles(key) {
    const firstDir = key === 'exportedAt' || key === 'size' ? -1 : 1;
    state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : firstDir };
    document.querySelectorAll('th[aria-sort]').forEach((th) => {
      const own = th.querySelector('button.sort').dataset.key === key;
      th.setAttribute('aria-sort', own ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    renderFiles(state.files);
  }

  function sorted(files) {
    const { key, dir } = state.sort;
    return files.slice().sort((a, b) => {
      const x = a[key]; const y = b[key];
      const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
      return dir * order;
    });
  }

  function renderFiles(files) {
    state.files = files;
    fill('files', sorted(files), (f) => {
      const row = el('tr');
      const nameCell = el('td', { className: 'name', 'data-label': 'Name' });
      const open = el('button', { type: 'button', className: 'link name-link', title: f.name,
        'aria-label': 'Details of ' + f.name + ' (client ' + f.clientId + ')' }, f.name);
      open.addEventListener('click', () => openDetail(f));
      nameCell.append(open);
      row.append(
        nameCell,
        el('td', { className: 'id', 'data-label': 'Client' }, f.clientId),
        el('td', { className: 'id', 'data-label': 'File ID' }, f.fileId),
        el('td', { className: 'num', 'data-label': 'Size', title: f.size + ' bytes' }, humanSize(f.size)),
        el('td', { 'data-label': 'Exported', title: f.exportedAt }, humanTime(f.exportedAt)));
      const actions = el('td', { className: 'actions' });
      const download = el('button', { type: 'button', className: 'secondary',
        'aria-label': 'Download ' + f.name + ' (client ' + f.clientId + ')' }, 'Download');
      download.addEventListener('click', () => downloadFile(f, download));
      actions.append(download);
      if (state.role === 'admin') {
        const del = el('button', { type: 'button', className: 'danger',
          'aria-label': 'Delete ' + f.name + ' (client ' + f.clientId + ')' }, 'Delete');
        del.addEventListener('click', () => deleteFile(f, del));
        actions.append(del);
      }
      row.append(actions);
      return row;
    });
  }

  async function downloadFile(f, button) {
    button.disabled = true;
    try {
      const link = await api(filePath(f) + '/link', { method: 'POST' });
      const a = el('a', { href: link.url, download: f.name });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      if (e.message !== 'unauthorized') {
        showError(state.detail ? 'detail-error' : 'files-error', 'Download failed: ' + e.message);
      }
    } finally {
      button.disabled = false;
    }
  }

  async function deleteFile(f, button) {
    if (!confirm('Delete "' + f.name + '" (' + humanSize(f.size) + ') of client ' + f.clientId + '?\n'
        + 'The file is removed from storage. This cannot be undone.')) {
      return;
    }
    button.disabled = true;
    try {
      await api(filePath(f), { method: 'DELETE' });
      if (state.detail && state.detail.fileId === f.fileId && state.detail.clientId === f.clientId) {
        closeDetail();
      }
      notice('Deleted "' + f.name + '" of client ' + f.clientId + '.');
      loadFiles();
    } catch (e) {
      button.disabled = false;
      if (e.message !== 'unauthorized') {
        showError(state.detail ? 'detail-error' : 'files-error', 'Delete failed: ' + e.message);
      }
    }
  }

  // ---- file detail ----
  async function openDetail(f) {
    state.detail = f;
    $('detail').hidden = false;
    $('detail-title').textContent = f.name;
    showError('detail-error', '');
    $('detail-fields').replaceChildren();
    $('detail-delete').hidden = state.role !== 'admin';
    $('detail-download').setAttribute('aria-label', 'Download ' + f.name);
    $('detail-delete').setAttribute('aria-label', 'Delete ' + f.name);
    try {
      renderDetail(await api(filePath(f)));
    } catch (e) {
      if (e.message !== 'unauthorized') { showError('detail-error', 'Could not load the file: ' + e.message); }
    }
    $('detail').scrollIntoView({ block: 'nearest' });
  }

  function renderDetail(f) {
    state.detail = f;
    const fields = $('detail-fields');
    fields.replaceChildren();
    const add = (label, value, className) => {
      fields.append(el('dt', {}, label));
      const dd = el('dd', className ? { className } : {});
      if (value instanceof Node) { dd.append(value); } else { dd.textContent = value; }
      fields.append(dd);
    };
    add('Client', f.clientId, 'id');
    add('File ID', f.fileId, 'id');
    add('Size', humanSize(f.size) + ' (' + f.size + ' bytes)');
    add('SHA-256', f.sha256, 'id');
    add('Exported', new Date(f.exportedAt).toLocaleString() + ' (' + humanTime(f.exportedAt) + ')');
    const userData = f.meta && f.meta.user_data !== undefined ? f.meta.user_data
      : (f.meta && f.meta.userData !== undefined ? f.meta.userData : null);
    add('User data', userData === null ? '–' : el('pre', {}, JSON.stringify(userData, null, 2)));
    const locations = el('ul', { className: 'locations' });
    (f.locations || []).forEach((l) => locations.append(el('li', {}, l.sink + ': ' + l.uri)));
    add('Locations', locations, 'id');
  }

  function closeDetail() {
    state.detail = null;
    $('detail').hidden = true;
  }

  // ---- throughput (from /metrics) ----
  async function loadThroughput() {
    let text;
    try {
      const res = await fetch('/metrics', { headers: { Authorization: 'Bearer ' + token() } });
      if (!res.ok) { throw new Error(res.status + ' ' + res.statusText); }
      text = await res.text();
    } catch (e) {
      $('throughput-now').textContent = 'Metrics unavailable: ' + e.message;
      return;
    }
    const value = (name) => {
      const match = text.match(new RegExp('^' + name + '(?:\\{[^}]*\\})? ([0-9.eE+-]+)$', 'm'));
      return match ? Number(match[1]) : null;
    };
    const sample = { at: Date.now(), in: value('ferry_ingress_bytes_total'),
      out: value('ferry_exporter_exported_bytes_total') };
    $('throughput-missing').hidden = sample.in !== null || sample.out !== null;
    state.samples.push(sample);
    state.samples = state.samples.filter((s) => s.at >= sample.at - THROUGHPUT_WINDOW_MS);
    renderThroughput();
  }

  function rates(key) {
    const points = [];
    for (let i = 1; i < state.samples.length; i++) {
      const a = state.samples[i - 1]; const b = state.samples[i];
      if (a[key] === null || b[key] === null || b.at <= a.at) { continue; }
      points.push({ at: b.at, rate: Math.max(0, (b[key] - a[key]) * 1000 / (b.at - a.at)) });
    }
    return points;
  }

  function renderThroughput() {
    const ins = rates('in'); const outs = rates('out');
    const max = Math.max(1, ...ins.map((p) => p.rate), ...outs.map((p) => p.rate));
    const now = Date.now();
    const toPoints = (series) => series.map((p) => {
      const x = 600 - (now - p.at) * 600 / THROUGHPUT_WINDOW_MS;
      return x.toFixed(1) + ',' + (118 - p.rate * 112 / max).toFixed(1);
    }).join(' ');
    $('throughput-in').setAttribute('points', toPoints(ins));
    $('throughput-out').setAttribute('points', toPoints(outs));
    const last = (series) => (series.length ? series[series.length - 1].rate : 0);
    $('throughput-now').textContent = 'now ' + humanSize(Math.round(last(ins))) + '/s in · '
      + humanSize(Math.round(last(outs))) + '/s exported · peak ' + humanSize(Math.round(max)) + '/s';
  }

  // ---- transfers ----
  // A polled section: what `path` returns goes to `show`; a failed poll says so in the section's status line.
  async function poll(path, statusId, show) {
    try {
      show(await api(path));
    } catch (e) {
      if (e.message !== 'unauthorized') { $(statusId).textContent = 'Update failed: ' + e.message; }
    }
  }

  // Replaces the rows of list `id` by one element per item and shows its `id-empty` note when there are none.
  function fill(id, items, row) {
    const list = $(id);
    list.replaceChildren();
    $(id + '-empty').hidden = items.length > 0;
    items.forEach((item) => list.append(row(item)));
  }

  function loadTransfers() {
    return poll('/api/v1/transfers', 'transfers-status', (body) => {
      const keys = new Set(body.transfers.map((t) => t.clientId + '/' + t.fileId));
      // An upload that left the in-flight list has finished (exported, failed or aborted): refresh the files.
      if (state.inFlight && [...state.inFlight].some((k) => !keys.has(k))) { loadFiles(); }
      state.inFlight = keys;
      renderTransfers(body.transfers);
      $('transfers-status').textContent = 'Live · ' + new Date().toLocaleTimeString();
    });
  }

  function renderTransfers(transfers) {
    fill('transfers', transfers, (t) => {
      const item = el('li', { className: 'transfer' + (t.stalled ? ' stalled' : '') });
      const title = el('div', { className: 'title' }, t.name || t.fileId);
      title.append(el('span', { className: 'badge ' + t.state }, t.state));
      if (t.stalled) { title.append(el('span', { className: 'badge stalled' }, 'stalled')); }
      const hasSize = t.size !== null && t.size !== undefined;
      const percent = !hasSize || t.size === 0 ? 100 : Math.min(100, Math.floor(100 * t.bytes / t.size));
      const bar = el('div', { className: 'progress' + (hasSize ? '' : ' unknown'), role: 'progressbar',
        'aria-valuemin': '0', 'aria-valuemax': '100' });
      if (hasSize) { bar.setAttribute('aria-valuenow', String(percent)); }
      const fill = el('div');
      fill.style.width = percent + '%';
      bar.append(fill);
      const meta = el('div', { className: 'meta' });
      meta.append(el('span', {}, t.clientId),
        el('span', {}, humanSize(t.bytes) + ' / ' + humanSize(t.size) + (hasSize ? ' · ' + percent + '%' : '')),
        el('span', { title: t.lastActivity }, 'active ' + humanTime(t.lastActivity)));
      item.append(title, bar, meta);
      if (state.role === 'admin' && (t.state === 'receiving' || t.state === 'exporting')) {
        const abort = el('button', { type: 'button', className: 'danger small-button',
          'aria-label': 'Abort upload ' + (t.name || t.fileId) + ' of client ' + t.clientId }, 'Abort');
        abort.addEventListener('click', () => abortTransfer(t, abort));
        item.append(abort);
      }
      return item;
    });
  }

  // ---- failed, aborted, expired (ferry.events) ----
  function loadProblems() {
    return poll('/api/v1/events', 'problems-status', (body) => {
      renderProblems(body.events.slice(0, 20));
      $('problems-status').textContent = body.events.length > 20 ? 'latest 20 of ' + body.events.length : '';
    });
  }

  function renderProblems(events) {
    fill('problems', events, (ev) => {
      const item = el('li', { className: 'problem' });
      const title = el('div', { className: 'title' }, ev.clientId + ' / ' + ev.fileId);
      title.append(el('span', { className: 'badge ' + ev.type }, ev.type));
      const meta = el('div', { className: 'meta' });
      meta.append(el('span', { className: 'reason' }, ev.reason || 'no reason given'),
        el('span', { title: ev.at }, humanTime(ev.at)));
      item.append(title, meta);
      if (ev.message) { item.append(el('div', { className: 'message small muted' }, ev.message)); }
      return item;
    });
  }

  // Two clicks, no confirm() dialog: the first arms the button for a few seconds.
  async function abortTransfer(t, button) {
    if (button.dataset.armed !== 'yes') {
      button.dataset.armed = 'yes';
      button.textContent = 'Confirm abort';
      setTimeout(() => { button.dataset.armed = ''; button.textContent = 'Abort'; }, 5000);
      return;
    }
    button.disabled = true;
    try {
      await api('/api/v1/transfers/' + enc(t.clientId) + '/' + enc(t.fileId) + '/abort', { method: 'POST' });
      $('transfers-status').textContent = 'Aborting ' + (t.name || t.fileId) + '…';
    } catch (e) {
      button.disabled = false;
      if (e.message !== 'unauthorized') { $('transfers-status').textContent = 'Abort failed: ' + e.message; }
    }
  }

  function startPolling() {
    stopPolling();
    loadTransfers();
    loadThroughput();
    loadProblems();
    state.timer = setInterval(() => {
      if (!document.hidden) { loadTransfers(); loadThroughput(); loadProblems(); }
    }, POLL_MS);
  }

  function stopPolling() {
    if (state.timer) { clearInterval(state.timer); state.timer = null; }
  }

  // ---- wiring ----
  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', (e) => { e.preventDefault(); signIn($('token').value.trim()); });
    $('signout').addEventListener('click', () => signOut());
    $('detail-close').addEventListener('click', closeDetail);
    document.querySelectorAll('button.sort')
      .forEach((b) => b.addEventListener('click', () => sortFiles(b.dataset.key)));
    $('detail-download').addEventListener('click', () => downloadFile(state.detail, $('detail-download')));
    $('detail-delete').addEventListener('click', () => deleteFile(state.detail, $('detail-delete')));
    $('search').addEventListener('submit', (e) => {
      e.preventDefault();
      state.cursors = [null]; state.page = 0;
      notice('');
      loadFiles();
    });
    $('next').addEventListener('click', () => {
      if (!state.next) { return; }
      state.cursors = state.cursors.slice(0, state.page + 1).concat([state.next]);
      state.page++;
      loadFiles();
    });
    $('prev').addEventListener('click', () => {
      if (state.page === 0) { return; }
      state.page--;
      loadFiles();
    });
    if (token()) { signIn(token()); } else { showApp(false); }
  });
}());
