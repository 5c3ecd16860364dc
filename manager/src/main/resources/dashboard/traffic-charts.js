// The traffic panel: per service name, the recent requests per second, error rate and latency of
// each version as small line charts, with a rollout's steps and limits drawn in and its progress.
// A name with a canary is shown by itself; the user shows or hides any name with its toggle.

import { getJson } from './api.js';
import { el, refreshRelativeTimes } from './format.js';
import { lineChart } from './line-chart.js';
import { rolloutProgress } from './rollout-progress.js';

/** Line colours: the version traffic comes from, the one it moves to, any other that answered. */
export const COLOURS = { main: '#2563eb', canary: '#f97316', other: '#8b5cf6' };
const LIMIT_COLOUR = '#dc2626';
const WINDOW_MS = 15 * 60 * 1000;
/** Rollout events that change who gets how much traffic: drawn as markers. */
const STEP_EVENTS = new Set(['started', 'step', 'promoted', 'rolled back', 'aborted']);

export class TrafficPanel {
  /**
   * panel: shown only when there are services; toggles: a button per name; cards: the charts of the
   * names shown; hint: what to do while none is shown.
   */
  constructor({ panel, toggles, cards, hint }) {
    this.panel = panel;
    this.toggles = toggles;
    this.cards = cards;
    this.hint = hint;
    toggles.addEventListener('click', event => {
      const button = event.target.closest('button[data-name]');
      if (button) {
        this.toggle(button.dataset.name);
      }
    });
    this.names = [];
    this.chosen = new Map(); // name → shown or hidden by the user
    this.autoShown = new Set(); // names that had a canary while this page was open
    this.shownTraffic = new Map(); // name → JSON last drawn
    this.shownToggles = '';
  }

  /** Follows the services list, then loads and draws the traffic of every name shown. */
  async refresh(services) {
    this.names = [...new Set(services.map(s => s.name))].sort();
    for (const service of services) {
      if (!service.main && service.weight > 0) {
        this.autoShown.add(service.name);
      }
    }
    this.panel.hidden = this.names.length === 0;
    this.renderToggles();
    await this.loadShown();
  }

  isShown(name) {
    return this.chosen.get(name) ?? this.autoShown.has(name);
  }

  renderToggles() {
    const snapshot = JSON.stringify(this.names.map(name => [name, this.isShown(name)]));
    if (snapshot === this.shownToggles) {
      return;
    }
    this.shownToggles = snapshot;
    const focused = this.toggles.contains(document.activeElement) ? document.activeElement.dataset.name : null;
    this.toggles.replaceChildren(...this.names.map(name => el('button', {
      class: 'button small traffic-toggle', type: 'button', 'aria-pressed': String(this.isShown(name)),
      dataset: { name }, title: `Show or hide the traffic charts of ${name}`,
    }, name)));
    this.toggles.querySelector(`[data-name="${CSS.escape(focused ?? '')}"]`)?.focus();
  }

  async toggle(name) {
    this.chosen.set(name, !this.isShown(name));
    this.renderToggles();
    await this.loadShown();
  }

  async loadShown() {
    const shown = this.names.filter(name => this.isShown(name));
    for (const card of [...this.cards.children]) {
      if (!shown.includes(card.dataset.name)) {
        card.remove();
        this.shownTraffic.delete(card.dataset.name);
      }
    }
    this.hint.hidden = shown.length > 0;
    await Promise.all(shown.map(name => this.load(name)));
    // in the order of the toggles, whichever answered first
    const ordered = shown.filter(name => this.isShown(name)).map(name => this.cardOf(name));
    if (ordered.some((card, index) => this.cards.children[index] !== card)) {
      this.cards.append(...ordered);
    }
  }

  async load(name) {
    let traffic;
    try {
      traffic = await getJson(`/services/~traffic?name=${encodeURIComponent(name)}`);
    } catch (error) {
      traffic = { problem: error.message };
    }
    if (this.isShown(name)) { // the user may have hidden it meanwhile
      this.draw(name, traffic);
    }
  }

  draw(name, traffic) {
    const snapshot = JSON.stringify(traffic);
    if (this.shownTraffic.get(name) === snapshot) {
      return;
    }
    this.shownTraffic.set(name, snapshot);
    this.cardOf(name).replaceChildren(...cardContent(name, traffic));
    refreshRelativeTimes(this.cardOf(name));
  }

  cardOf(name) {
    let card = [...this.cards.children].find(c => c.dataset.name === name);
    if (!card) {
      card = el('article', { class: 'traffic-card', dataset: { name }, 'aria-label': `Traffic of ${name}` });
      this.cards.append(card);
    }
    return card;
  }
}

function cardContent(name, traffic) {
  const heading = el('h3', { class: 'traffic-name' }, name);
  if (traffic.problem) {
    return [heading, el('p', { class: 'traffic-problem' }, traffic.problem)];
  }
  const span = timeSpan(traffic);
  const rollout = traffic.rollout && rolloutInView(traffic.rollout, span.from) ? traffic.rollout : null;
  const lines = linesOf(traffic.versions, rollout);
  const markers = rollout ? stepMarkers(rollout) : [];
  if (lines.every(l => l.points.length === 0)) {
    return [heading, rollout && rolloutProgress(rollout),
      el('p', { class: 'muted traffic-waiting' }, 'No figures yet: the first points come within a few seconds of traffic.')];
  }
  return [
    heading,
    rollout && rolloutProgress(rollout),
    legend(lines, rollout),
    el('div', { class: 'traffic-charts' },
      chart('requests', 'Requests per second', '/s', span, markers,
        lines.map(l => series(l, p => p.requestsPerSecond))),
      chart('errors', 'Errors (5xx) in %', ' %', span, markers, [
        ...lines.map(l => series(l, p => p.errorPercent)),
        rollout && limit([[span.from, rollout.plan.maxErrorPercent], [span.to, rollout.plan.maxErrorPercent]], 'error'),
      ]),
      chart('latency', 'Latency p50 and p99 in ms', ' ms', span, markers, [
        ...lines.flatMap(l => [series(l, p => p.p50Ms, 'p50'), series(l, p => p.p99Ms, 'p99')]),
        rollout && latencyLimit(rollout, lines),
      ])),
  ];
}

/**
 * The versions worth a line: the main, a canary, the two of a rollout, and any other that answered
 * requests lately. Colours follow the rollout (where traffic comes from, where it goes), so a line
 * keeps its colour when the rollout promotes its version.
 */
function linesOf(versions, rollout) {
  return versions
    .filter(v => v.main || v.weight > 0 || v.version === rollout?.version || v.version === rollout?.previousMain
      || v.points.some(p => p.requestsPerSecond > 0))
    .map(v => ({ ...v, role: roleOf(v, rollout) }))
    .map(v => ({ ...v, colour: COLOURS[v.role] }));
}

function roleOf(version, rollout) {
  if (rollout) {
    if (version.version === rollout.previousMain) {
      return 'main';
    }
    if (version.version === rollout.version) {
      return 'canary';
    }
    return 'other';
  }
  return version.main ? 'main' : version.weight > 0 ? 'canary' : 'other';
}

function legend(lines, rollout) {
  return el('ul', { class: 'traffic-legend' },
    lines.map(l => el('li', { dataset: { version: l.version, role: l.role } },
      el('span', { class: 'swatch', style: `background:${l.colour}`, 'aria-hidden': 'true' }),
      el('code', {}, l.version), ' ', currentRole(l))),
    el('li', { class: 'muted' }, 'latency: thick p99, thin p50'),
    rollout && el('li', { class: 'muted' },
      el('span', { class: 'swatch limit', 'aria-hidden': 'true' }), 'rollout limits'));
}

function currentRole(version) {
  if (version.main) {
    return version.weight < 100 ? `main, ${version.weight} %` : 'main';
  }
  return version.weight > 0 ? `canary, ${version.weight} %` : 'no share';
}

function chart(kind, label, unit, span, markers, seriesList) {
  return el('figure', { class: 'traffic-chart', dataset: { chart: kind } },
    el('figcaption', {}, label),
    lineChart({ label, unit, from: span.from, to: span.to, markers, series: seriesList.filter(Boolean) }));
}

function series(line, value, measure) {
  return {
    points: line.points.map(p => [Date.parse(p.at), value(p)]),
    colour: line.colour,
    width: measure === 'p50' ? 1.25 : 2,
    opacity: measure === 'p50' ? 0.7 : 1,
    dataset: { version: line.version, role: line.role, ...(measure ? { measure } : {}) },
  };
}

function limit(points, kind) {
  return { points, colour: LIMIT_COLOUR, width: 1.25, dashed: true, limit: true, dataset: { limit: kind } };
}

/** The canary may be this much slower than the main at p99: the main's p99 times the plan's factor. */
function latencyLimit(rollout, lines) {
  const main = lines.find(l => l.version === rollout.previousMain);
  if (!main) {
    return null;
  }
  return limit(main.points.map(p => [Date.parse(p.at), p.p99Ms === null ? null : p.p99Ms * rollout.plan.maxLatencyFactor]),
    'latency');
}

function stepMarkers(rollout) {
  return (rollout.history ?? []).filter(h => STEP_EVENTS.has(h.event)).map(h => ({
    at: Date.parse(h.at),
    label: markerLabel(h),
    title: `${h.event}: ${h.detail}`,
  }));
}

function markerLabel(entry) {
  const weight = /step \d+ of \d+: (\d+) %/.exec(entry.detail ?? '');
  if (weight) {
    return `${weight[1]} %`;
  }
  return entry.event === 'started' ? 'shadow' : entry.event;
}

/** A rollout under way, or one whose last change is still within the charts' time. */
function rolloutInView(rollout, from) {
  return underWay(rollout) || Date.parse(rollout.updated) >= from;
}

function underWay(rollout) {
  return rollout.phase === 'shadow' || rollout.phase === 'canary';
}

/**
 * The charts' time: up to the manager's latest point or rollout change, back as far as there are
 * points or the rollout under way started, within the window the manager keeps; at least a few samples wide.
 */
function timeSpan(traffic) {
  const period = traffic.sampleSeconds * 1000;
  const times = traffic.versions.flatMap(v => v.points.map(p => Date.parse(p.at)));
  if (traffic.rollout && underWay(traffic.rollout)) {
    times.push(Date.parse(traffic.rollout.started), Date.parse(traffic.rollout.updated));
  }
  const to = times.length ? Math.max(...times) : Date.now();
  const earliest = times.length ? Math.min(...times) : to;
  return { from: Math.max(to - WINDOW_MS, Math.min(earliest - period, to - 4 * period)), to };
}
