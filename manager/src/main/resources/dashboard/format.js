// Small helpers that build the page: elements without innerHTML, and times people read at a glance.

/** el('a', {href: '/x', class: 'link'}, 'text', otherNode): null and false children are skipped. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago". */
export function relativeTime(iso, now = Date.now()) {
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) {
    return '';
  }
  if (seconds < 5) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.floor(hours / 24)} d ago`;
}

/** A <time> that reads "3 min ago" and shows the full local and UTC time on hover. */
export function timeAgo(iso) {
  return el('time', { datetime: iso, title: fullTime(iso), dataset: { relative: '' } }, relativeTime(iso));
}

export function fullTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toLocaleString()} · ${iso}`;
}

/** Moves every timeAgo() under root on to the current time. */
export function refreshRelativeTimes(root = document) {
  for (const time of root.querySelectorAll('time[data-relative]')) {
    time.textContent = relativeTime(time.getAttribute('datetime'));
  }
}

export function formatMillis(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
}
