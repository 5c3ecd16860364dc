// The notifications list, newest first as the manager sends it.

import { el, fullTime, timeAgo } from './format.js';

export function renderNotifications(list, notifications) {
  list.replaceChildren(...notifications.map(notificationItem));
}

function notificationItem(n) {
  const severity = String(n.severity).toLowerCase();
  return el('li', { class: `notification severity-${severity}`, dataset: { id: n.id } },
    el('span', { class: `severity-badge severity-${severity}` }, n.severity),
    el('div', { class: 'notification-body' },
      el('p', { class: 'notification-message' }, n.message),
      el('p', { class: 'notification-meta' },
        el('span', { class: 'notification-source' }, n.serviceName, ' ', el('code', {}, n.serviceVersion)),
        n.count > 1 && el('span', { class: 'notification-count', title: `Raised ${n.count} times since ${fullTime(n.firstSeen)}` },
          `×${n.count}`),
        timeAgo(n.lastSeen))));
}
