// The log page: follows the log live, stops scrolling while the user reads further up, searches
// the full log, and offers it as a download.

import { streamLines } from './api.js';
import { levelReader, lineElement } from './log-lines.js';
import { logSearch } from './log-search.js';
import { logSourceOf } from './log-source.js';

const LINES_FIRST_SHOWN = 500;
const MOST_LINES_KEPT = 10000;
const NEAR_BOTTOM_PX = 24;
const FIRST_RETRY_MS = 3000;
const LAST_RETRY_MS = 30000;
const SEARCH_DELAY_MS = 300;

const source = logSourceOf(location.href);
const page = {
  title: document.getElementById('log-source'),
  live: document.getElementById('live-log'),
  results: document.getElementById('search-results'),
  summary: document.getElementById('search-summary'),
  state: document.getElementById('follow-state'),
  jumpToLatest: document.getElementById('jump-to-latest'),
  download: document.getElementById('download'),
  searchForm: document.getElementById('search-form'),
  searchBox: document.getElementById('search'),
};
const search = logSearch(source, page.results, page.summary);

let atBottom = true;
let unseenLines = 0;
let connection = 'connecting';
let connectionProblem = '';
let retryDelay = FIRST_RETRY_MS;
let searchTimer = null;

/** Streams the last lines and then every new one; when the stream ends, connects again later. */
async function follow() {
  showState('connecting');
  const startedAt = Date.now();
  let levelOf = levelReader();
  let firstBatch = true;
  let problem = null;
  try {
    await streamLines(source.url({ tail: LINES_FIRST_SHOWN, follow: true }), lines => {
      if (firstBatch) {
        page.live.replaceChildren(); // a reconnection starts again from the last lines
        levelOf = levelReader();
        firstBatch = false;
      }
      showState('following');
      append(lines.map(line => lineElement(line, levelOf(line))));
    });
  } catch (error) {
    problem = error.message;
  }
  const lastedLong = Date.now() - startedAt > LAST_RETRY_MS;
  retryDelay = lastedLong ? FIRST_RETRY_MS : Math.min(retryDelay * 2, LAST_RETRY_MS);
  showState(problem ? 'failed' : 'ended', problem);
  setTimeout(reconnect, retryDelay);
}

/** Reconnecting redraws the lines, so it waits while the user reads further up. */
function reconnect() {
  if (atBottom) {
    follow();
  } else {
    setTimeout(reconnect, FIRST_RETRY_MS);
  }
}

function append(lineElements) {
  page.live.append(...lineElements);
  const excess = page.live.childElementCount - MOST_LINES_KEPT;
  for (let i = 0; i < excess; i++) {
    page.live.firstElementChild.remove();
  }
  if (atBottom) {
    scrollToLatest();
  } else {
    unseenLines += lineElements.length;
    showState(connection);
  }
}

function scrollToLatest() {
  page.live.scrollTop = page.live.scrollHeight;
}

function onScroll() {
  const nowAtBottom = page.live.scrollHeight - page.live.scrollTop - page.live.clientHeight < NEAR_BOTTOM_PX;
  if (nowAtBottom !== atBottom) {
    atBottom = nowAtBottom;
    unseenLines = 0;
    showState(connection);
  }
}

function showState(state, problem = connectionProblem) {
  connection = state;
  connectionProblem = problem;
  const paused = !atBottom && state === 'following';
  const texts = {
    connecting: 'Connecting…',
    following: paused ? pausedText() : 'Following',
    ended: 'Stream ended · reconnecting soon',
    failed: `Cannot read the log: ${problem} · retrying`,
  };
  page.state.textContent = texts[state];
  page.state.className = `follow-state ${paused ? 'paused' : state}`;
  page.jumpToLatest.hidden = atBottom || !page.results.hidden;
}

function pausedText() {
  if (unseenLines === 0) {
    return 'Paused';
  }
  return `Paused · ${unseenLines} new line${unseenLines === 1 ? '' : 's'} below`;
}

function onSearchInput() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(applySearch, SEARCH_DELAY_MS);
}

function applySearch() {
  clearTimeout(searchTimer);
  const query = page.searchBox.value.trim();
  page.live.hidden = query !== '';
  page.results.hidden = query === '';
  if (query) {
    search.run(query);
  } else {
    search.stop();
    if (atBottom) {
      scrollToLatest();
    }
  }
  showState(connection);
}

page.title.textContent = source.title;
document.title = `${source.title} log · Daeploy`;
page.download.href = source.url({ tail: 'all', follow: false });
page.download.download = source.fileName;
page.live.addEventListener('scroll', onScroll);
new ResizeObserver(() => atBottom && scrollToLatest()).observe(page.live); // lines wrap anew on a resize
page.jumpToLatest.addEventListener('click', () => {
  scrollToLatest();
  page.live.focus();
});
page.searchBox.addEventListener('input', onSearchInput);
page.searchForm.addEventListener('submit', event => {
  event.preventDefault();
  applySearch();
});
page.searchBox.addEventListener('keydown', event => {
  if (event.key === 'Escape') {
    page.searchBox.value = '';
    applySearch();
  }
});
follow();
