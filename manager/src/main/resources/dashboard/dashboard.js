// The dashboard page: polls the manager every few seconds and redraws what changed.

import { getJson, getText, requestJson } from './api.js';
import { refreshRelativeTimes } from './format.js';
import { renderNotifications } from './notifications-list.js';
import { renderServices } from './services-table.js';
import { TrafficPanel } from './traffic-charts.js';

const POLL_INTERVAL_MS = 3000;

const page = {
  connection: document.getElementById('connection'),
  connectionState: document.getElementById('connection-state'),
  lastUpdate: document.getElementById('last-update'),
  managerVersion: document.getElementById('manager-version'),
  servicesTable: document.getElementById('services'),
  servicesBody: document.getElementById('services-body'),
  servicesCount: document.getElementById('services-count'),
  servicesEmpty: document.getElementById('services-empty'),
  notifications: document.getElementById('notifications'),
  notificationsCount: document.getElementById('notifications-count'),
  notificationsEmpty: document.getElementById('notifications-empty'),
  clearButton: document.getElementById('clear-notifications'),
};

const traffic = new TrafficPanel({
  panel: document.getElementById('traffic-panel'),
  toggles: document.getElementById('traffic-toggles'),
  cards: document.getElementById('traffic-cards'),
  hint: document.getElementById('traffic-hint'),
});

let shownServices = '';
let shownNotifications = '';
let notificationCount = 0;
let pollTimer = null;
let refreshing = null;

/** Loads and shows everything now; a refresh already on its way is joined, not doubled. */
function refresh() {
  refreshing ??= load().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function load() {
  clearTimeout(pollTimer);
  if (document.visibilityState !== 'hidden') {
    try {
      const [services, notifications] = await Promise.all([getJson('/services/'), getJson('/notifications/')]);
      showServices(services, await shadowReportsOf(services));
      await traffic.refresh(services);
      showNotifications(notifications);
      showConnected();
    } catch (error) {
      showDisconnected(error);
    }
    refreshRelativeTimes();
  }
  pollTimer = setTimeout(refresh, POLL_INTERVAL_MS);
}

/** The ~shadow figures of every name that has shadows, keyed by "name_version". */
async function shadowReportsOf(services) {
  const namesWithShadows = [...new Set(services.filter(s => !s.main).map(s => s.name))];
  const reports = await Promise.all(namesWithShadows.map(name =>
    getJson(`/services/~shadow?name=${encodeURIComponent(name)}`).catch(() => null)));
  const byVersion = new Map();
  for (const report of reports.filter(Boolean)) {
    for (const shadow of report.shadows) {
      byVersion.set(`${report.name}_${shadow.version}`, shadow);
    }
  }
  return byVersion;
}

function showServices(services, shadowReports) {
  const snapshot = JSON.stringify([services, [...shadowReports]]);
  if (snapshot === shownServices) {
    return; // nothing to redraw
  }
  shownServices = snapshot;
  renderServices(page.servicesBody, services, shadowReports);
  page.servicesCount.textContent = services.length ? String(services.length) : '';
  page.servicesTable.hidden = services.length === 0;
  page.servicesEmpty.hidden = services.length > 0;
}

function showNotifications(notifications) {
  const snapshot = JSON.stringify(notifications);
  if (snapshot === shownNotifications) {
    return;
  }
  shownNotifications = snapshot;
  notificationCount = notifications.length;
  renderNotifications(page.notifications, notifications);
  page.notificationsCount.textContent = notifications.length ? String(notifications.length) : '';
  page.notificationsEmpty.hidden = notifications.length > 0;
  page.clearButton.disabled = notifications.length === 0;
}

// Only the state is a live region: a screen reader hears when the connection changes, not every poll.
function showConnected() {
  page.connection.className = 'connection ok';
  setTextIfChanged(page.connectionState, 'Live');
  page.lastUpdate.textContent = ` · updated ${new Date().toLocaleTimeString()}`;
}

function showDisconnected(error) {
  page.connection.className = 'connection failing';
  setTextIfChanged(page.connectionState, `Cannot reach the manager (${error.message}).`);
  page.lastUpdate.textContent = ' Trying again every few seconds.';
}

function setTextIfChanged(element, text) {
  if (element.textContent !== text) {
    element.textContent = text;
  }
}

async function clearNotifications() {
  const what = notificationCount === 1 ? 'the notification' : `all ${notificationCount} notifications`;
  if (!confirm(`Clear ${what}?`)) {
    return;
  }
  page.clearButton.disabled = true;
  try {
    await requestJson('DELETE', '/notifications/');
    showNotifications([]);
  } catch (error) {
    showDisconnected(error);
  }
  await refresh();
}

async function showManagerVersion() {
  try {
    page.managerVersion.textContent = `manager ${await getText('/~version')}`;
  } catch {
    // the version is a nicety; the poll reports connection problems
  }
}

page.clearButton.addEventListener('click', clearNotifications);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') {
    refresh();
  }
});
showManagerVersion();
refresh();
