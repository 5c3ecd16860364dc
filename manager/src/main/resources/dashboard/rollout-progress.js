// Where a rollout is: its phase, one segment per canary step (done, current, ahead), the canary's
// share of the requests, and whether it is paused or has failed checks.

import { el, timeAgo } from './format.js';

const PHASE_NAMES = {
  shadow: 'shadow phase',
  canary: 'canary',
  promoted: 'promoted',
  rolled_back: 'rolled back',
  aborted: 'aborted',
};

/** The progress of a rollout as GET /services/~rollout describes it. */
export function rolloutProgress(rollout) {
  const underWay = rollout.phase === 'shadow' || rollout.phase === 'canary';
  const weights = rollout.plan.weights;
  const stepText = rollout.phase === 'shadow'
    ? `Shadow phase, then ${weights.length} steps`
    : `Step ${rollout.step} of ${rollout.steps}`;
  return el('section', {
    class: `rollout-progress phase-${rollout.phase}`,
    'aria-label': `Rollout of ${rollout.version}`,
    dataset: { phase: rollout.phase, step: String(rollout.step), steps: String(rollout.steps) },
  },
  el('p', { class: 'rollout-title' },
    el('span', { class: 'rollout-phase' }, PHASE_NAMES[rollout.phase] ?? rollout.phase),
    ' Rollout of ', el('code', {}, rollout.version), ' from ', el('code', {}, rollout.previousMain),
    el('span', { class: 'muted' }, ' · started ', timeAgo(rollout.started))),
  el('ol', {
    class: 'rollout-steps', role: 'progressbar', 'aria-label': stepText,
    'aria-valuemin': 0, 'aria-valuemax': rollout.steps, 'aria-valuenow': stepsDone(rollout),
  }, weights.map((weight, index) => el('li', { class: `rollout-segment ${segmentState(rollout, index)}` },
    el('span', { class: 'visually-hidden' }, `step ${index + 1}: `), `${weight} %`))),
  el('p', { class: 'rollout-facts' },
    el('span', { class: 'rollout-step' }, stepText),
    underWay && el('span', { class: 'rollout-weight' }, `${rollout.version} answers ${rollout.weight} % of requests`),
    rollout.paused && el('span', { class: 'rollout-paused' }, 'paused'),
    el('span', { class: rollout.failedChecks > 0 ? 'rollout-failed-checks attention' : 'rollout-failed-checks' },
      `${rollout.failedChecks} of ${rollout.plan.failedChecks} failed checks`)),
  rollout.reason && el('p', { class: 'rollout-reason' }, rollout.reason));
}

function stepsDone(rollout) {
  if (rollout.phase === 'promoted') {
    return rollout.steps;
  }
  return rollout.phase === 'shadow' ? 0 : rollout.step - 1;
}

/** done, current (failed when the rollout ended there without promotion) or ahead. */
function segmentState(rollout, index) {
  const done = stepsDone(rollout);
  if (index < done) {
    return 'done';
  }
  if (index === done && rollout.phase === 'canary') {
    return rollout.paused ? 'current paused' : 'current';
  }
  if (index === done && (rollout.phase === 'rolled_back' || rollout.phase === 'aborted')) {
    return 'stopped';
  }
  return 'ahead';
}
