// Small DOM helpers: elements are built with textContent and attributes, never from HTML strings.

const SVG = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'checked' || name === 'selected' || name === 'disabled' || name === 'required') {
      el[name] = !!value;
      if (name !== 'checked' && name !== 'selected') el.setAttribute(name, '');
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}

export function fmtTime(date, withDate) {
  if (!(date instanceof Date) || isNaN(date)) return '';
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return withDate ? date.toLocaleDateString() + ' ' + time : time;
}

export function fmtAgo(date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  return seconds < 60 ? seconds + ' s ago' : Math.round(seconds / 60) + ' min ago';
}

export function fmtMs(ms) {
  if (ms == null) return '';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  return (ms / 60000).toFixed(1) + ' min';
}

export function when(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
