// The services table: one row per version, the versions of a name together, the main first.

import { el, formatMillis, timeAgo } from './format.js';

/**
 * Fills tbody with services; shadowReports maps "name_version" to its ~shadow figures. What the
 * user opened or is on (a details box, the focused link) is still so after the redraw.
 */
export function renderServices(tbody, services, shadowReports) {
  const opened = new Set([...tbody.querySelectorAll('details[open]')].map(details => details.dataset.key));
  const focused = tbody.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  const rows = [...services].sort(byNameThenMainThenVersion).map((service, index, sorted) =>
    serviceRow(service, shadowReports.get(qualifiedName(service)),
               index === 0 || sorted[index - 1].name !== service.name));
  tbody.replaceChildren(...rows);
  for (const element of tbody.querySelectorAll('[data-key]')) {
    if (opened.has(element.dataset.key)) {
      element.open = true;
    }
    if (element.dataset.key === focused) {
      element.focus();
    }
  }
}

export function qualifiedName(service) {
  return `${service.name}_${service.version}`;
}

export function logViewUrl(name, version) {
  return `/dashboard/log.html?${new URLSearchParams({ name, version })}`;
}

function byNameThenMainThenVersion(a, b) {
  return a.name.localeCompare(b.name)
      || Number(b.main) - Number(a.main)
      || a.version.localeCompare(b.version, undefined, { numeric: true });
}

function serviceRow(service, shadowReport, firstOfName) {
  const label = `${service.name} ${service.version}`;
  return el('tr', {
    class: firstOfName ? 'first-of-name' : null,
    dataset: { service: service.name, version: service.version, main: String(service.main) },
  },
  el('td', { class: 'service-name', dataset: { label: 'Service' } },
    el('span', { class: 'name' }, service.name),
    service.main && el('span', { class: 'main-marker', title: `Main version: answers /services/${service.name}/` },
      el('span', { 'aria-hidden': 'true' }, '★ '), 'main'),
    !service.main && service.weight > 0 && el('span', { class: 'canary-marker',
      title: `Canary: answers ${service.weight} % of /services/${service.name}/ instead of the main` }, 'canary'),
    trafficShare(service)),
  el('td', { dataset: { label: 'Version' } }, el('code', { class: 'version' }, service.version)),
  el('td', { dataset: { label: 'Status' } }, el('div', {}, statusCell(service))),
  service.main
    ? el('td', { class: 'no-figures', dataset: { label: 'Shadow' } }, el('span', { class: 'muted' }, '–'))
    : el('td', { dataset: { label: 'Shadow' } }, el('div', {}, shadowCell(service, shadowReport))),
  el('td', { class: 'links' },
    el('a', { class: 'button small', href: `/services/${qualifiedName(service)}/docs`, 'aria-label': `Docs of ${label}`,
              dataset: { key: `${qualifiedName(service)}/docs` } }, 'Docs'),
    el('a', { class: 'button small', href: logViewUrl(service.name, service.version), 'aria-label': `Log of ${label}`,
              dataset: { key: `${qualifiedName(service)}/log` } }, 'Log')));
}

/** Where a name's requests are split between its main and a canary: the share of this version. */
function trafficShare(service) {
  const split = service.main ? service.weight < 100 : service.weight > 0;
  return split && el('span', { class: 'traffic', title: `answers ${service.weight} % of /services/${service.name}/` },
    `${service.weight} % of requests`);
}

function statusCell(service) {
  return [
    el('span', { class: `status status-${service.status}` }, service.status),
    service.replicas > 1 && el('span', { class: 'replicas', title: 'instances ready of those that should run' },
      `${service.readyReplicas}/${service.replicas} ready`),
    el('span', { class: 'since' }, 'since ', timeAgo(service.since)),
    service.reason && el('details', { class: 'reason', dataset: { key: `${qualifiedName(service)}/reason` } },
      el('summary', {}, service.status === 'failed' ? 'Why it failed' : 'Reason'),
      el('pre', {}, service.reason)),
  ];
}

function shadowCell(service, report) {
  if (!report) {
    return el('span', { class: 'muted' }, '–');
  }
  if (report.mirrored === 0 && report.dropped === 0) {
    return el('span', { class: 'muted' }, 'no mirrored requests yet');
  }
  return [
    el('dl', { class: 'figures' },
      figure('mirrored', report.mirrored),
      figure('matched', report.matched),
      figure('differed', report.differed, report.differed > 0 && 'attention'),
      report.errors > 0 && figure('errors', report.errors, 'bad'),
      figure('dropped', report.dropped, report.dropped > 0 && 'attention')),
    el('p', { class: 'latency' },
      'shadow p50 ', el('strong', {}, formatMillis(report.shadowLatencyMs?.p50)),
      el('span', { class: 'muted' }, ` vs main ${formatMillis(report.mainLatencyMs?.p50)}`)),
    recentDifferences(service, report.recentDifferences || []),
  ];
}

function figure(name, value, tone) {
  return el('div', { class: tone ? `figure ${tone}` : 'figure' }, el('dt', {}, name), el('dd', {}, value));
}

function recentDifferences(service, differences) {
  if (differences.length === 0) {
    return null;
  }
  return el('details', { class: 'differences', dataset: { key: `${qualifiedName(service)}/differences` } },
    el('summary', {}, `${differences.length} recent difference${differences.length === 1 ? '' : 's'}`),
    el('ul', {}, differences.map(d => el('li', {},
      el('code', {}, `${d.method} ${d.path}`), ` main ${d.mainStatus}, shadow ${d.shadowStatus}`))));
}
