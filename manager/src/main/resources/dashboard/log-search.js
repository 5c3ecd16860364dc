// Searching the full log (not only what the page holds): fetch it all, keep the matching lines.

import { getText } from './api.js';
import { levelReader, lineElement, matches } from './log-lines.js';

const MOST_LINES_SHOWN = 2000;

export function logSearch(source, resultsView, summary) {
  let running = null;

  async function run(query) {
    running?.abort();
    running = new AbortController();
    summary.hidden = false;
    summary.textContent = `Searching the full log for “${query}”…`;
    try {
      const text = await getText(source.url({ tail: 'all', follow: false }), { signal: running.signal });
      show(query, linesOf(text));
    } catch (error) {
      if (error.name !== 'AbortError') {
        summary.textContent = `Cannot search the log: ${error.message}`;
      }
    }
  }

  function show(query, lines) {
    const levelOf = levelReader();
    const found = [];
    let count = 0;
    lines.forEach((line, index) => {
      const level = levelOf(line);
      if (matches(line, query) && ++count <= MOST_LINES_SHOWN) {
        found.push(lineElement(line, level, { number: index + 1, query }));
      }
    });
    resultsView.replaceChildren(...found);
    resultsView.scrollTop = 0;
    const shownNote = count > MOST_LINES_SHOWN ? `; the first ${MOST_LINES_SHOWN} are shown` : '';
    summary.textContent = `${count} ${count === 1 ? 'line matches' : 'lines match'} “${query}” `
        + `in the full log (${lines.length} lines)${shownNote}.`;
  }

  function stop() {
    running?.abort();
    summary.hidden = true;
    resultsView.replaceChildren();
  }

  return { run, stop };
}

function linesOf(text) {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') {
    lines.pop();
  }
  return lines;
}
