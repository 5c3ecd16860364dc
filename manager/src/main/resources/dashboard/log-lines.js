// One log line on the page: its level (warnings and errors stand out), and search matches marked.

import { el } from './format.js';

const ERROR = /\b(SEVERE|ERROR|FATAL|CRITICAL)\b/;
const WARNING = /\b(WARNING|WARN)\b/;
const STACK_TRACE = /^(\s+at |\s+\.\.\. \d+ more|Caused by: |\s+Suppressed: |([\w$]+\.)+[\w$]*(Exception|Error)(: |$))/;

/** A function that names the level of each next line; stack trace lines take the level of the line above them. */
export function levelReader() {
  let previous = null;
  return line => {
    if (!STACK_TRACE.test(line)) {
      previous = ERROR.test(line) ? 'error' : WARNING.test(line) ? 'warning' : null;
    }
    return previous;
  };
}

export function lineElement(text, level, { number, query } = {}) {
  return el('div', { class: level ? `line level-${level}` : 'line' },
    number && el('span', { class: 'line-number', 'aria-hidden': 'true' }, number),
    query ? withMatchesMarked(text, query) : text);
}

/** Case-insensitive: does the line contain the query? */
export function matches(text, query) {
  return text.toLowerCase().includes(query.toLowerCase());
}

function withMatchesMarked(text, query) {
  const parts = [];
  const haystack = text.toLowerCase();
  const needle = query.toLowerCase();
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    parts.push(text.slice(from, at), el('mark', {}, text.slice(at, at + needle.length)));
    from = at + needle.length;
  }
  parts.push(text.slice(from));
  return parts;
}
