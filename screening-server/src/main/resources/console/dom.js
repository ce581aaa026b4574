// Small DOM builders. Every text goes in through textContent, never as HTML, so nothing the
// filter or a user returns can become markup.

/**
 * Makes an element. attrs: plain attributes, plus `class`, `on<event>` handlers and boolean
 * attributes given true/false. Children: nodes, strings, or null (skipped); arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces everything inside el with children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idCounter = 0;
/** A unique id for label/field pairs. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** "4 December 2026, 15:40:12" in the browser's time zone, or an em dash. */
export function when(iso) {
  if (!iso) return '\u2014';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', {
    day: 'numeric', month: 'long', year: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** "4 Dec 2026, 15:40:12", kept on one line, for table cells; an em dash when absent. */
export function whenShort(iso) {
  if (!iso) return '\u2014';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return h('span', { class: 'nowrap' }, d.toLocaleString('en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));
}

/** A text field with its label, hint and error slot, GOV.UK style. Returns {group, input}. */
export function field({ label, name, hint, type = 'text', value = '', multiline = false, autocomplete, inputmode, width }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = multiline
    ? h('textarea', { class: 'textarea', id, name, rows: 4, 'aria-describedby': hintId })
    : h('input', {
      class: `input${width ? ` input--${width}` : ''}`, id, name, type,
      autocomplete: autocomplete || 'off', inputmode, 'aria-describedby': hintId, spellcheck: 'false',
    });
  input.value = value;
  const error = h('p', { class: 'error-message', id: errorId, hidden: true });
  const group = h('div', { class: 'form-group' },
    h('label', { class: 'label', for: id }, label),
    hint ? h('div', { class: 'hint', id: hintId }, hint) : null,
    error,
    input);
  return { group, input, error, id };
}

/** A set of radio buttons in a fieldset with a legend. Returns {group, value(), inputs}. */
export function radios({ legend, name, options, checked, hint, onchange, small }) {
  const hintId = hint ? uid(`${name}-hint`) : null;
  const error = h('p', { class: 'error-message', id: uid(`${name}-error`), hidden: true });
  const inputs = [];
  const items = options.map(([value, label, itemHint]) => {
    const id = uid(`${name}-${value}`);
    const itemHintId = itemHint ? `${id}-hint` : null;
    const input = h('input', {
      class: 'radios__input', type: 'radio', id, name, value,
      checked: value === checked, 'aria-describedby': itemHintId, onchange,
    });
    inputs.push(input);
    return h('div', { class: 'radios__item' },
      input,
      h('label', { class: 'label radios__label', for: id }, label),
      itemHint ? h('div', { class: 'hint radios__hint', id: itemHintId }, itemHint) : null);
  });
  const group = h('div', { class: 'form-group' },
    h('fieldset', { class: 'fieldset', 'aria-describedby': hintId },
      h('legend', { class: 'fieldset__legend' }, legend),
      hint ? h('div', { class: 'hint', id: hintId }, hint) : null,
      error,
      h('div', { class: `radios${small ? ' radios--small' : ''}` }, items)));
  return {
    group,
    inputs,
    error,
    value() {
      const c = inputs.find((i) => i.checked);
      return c ? c.value : null;
    },
  };
}

/**
 * A date as GOV.UK asks for one: Day, Month and Year boxes (and a 24-hour time, when withTime)
 * in a fieldset, so no browser's locale decides the order. value is a Date to start from or
 * null. read() gives {date} (a Date, or null when every box is empty) or {error}.
 */
export function dateInput({ legend, name, hint, withTime = false, value = null }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const error = h('p', { class: 'error-message', id: `${id}-error`, hidden: true });
  const box = (part, label, width, v) => {
    const input = h('input', {
      class: `input input--${width}`, id: `${id}-${part}`, name: `${name}-${part}`, type: 'text',
      inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
    });
    input.value = v;
    return { input, item: h('div', { class: 'date-input__item' }, h('label', { class: 'label date-input__label', for: input.id }, label), input) };
  };
  const pad = (n) => String(n).padStart(2, '0');
  const day = box('day', 'Day', 'w2', value ? String(value.getDate()) : '');
  const month = box('month', 'Month', 'w2', value ? String(value.getMonth() + 1) : '');
  const year = box('year', 'Year', 'w4', value ? String(value.getFullYear()) : '');
  const time = withTime ? box('time', 'Time (24-hour)', 'w4', value ? `${pad(value.getHours())}:${pad(value.getMinutes())}` : '') : null;
  const boxes = [day, month, year, time].filter(Boolean);
  const group = h('div', { class: 'form-group' },
    h('fieldset', { class: 'fieldset', role: 'group', 'aria-describedby': hintId },
      h('legend', { class: 'fieldset__legend fieldset__legend--s' }, legend),
      hint ? h('div', { class: 'hint', id: hintId }, hint) : null,
      error,
      h('div', { class: 'date-input' }, boxes.map((b) => b.item))));
  return {
    group,
    error,
    input: day.input,
    id: day.input.id,
    read() {
      const raw = boxes.map((b) => b.input.value.trim());
      if (raw.every((v) => v === '')) return { date: null };
      const [d, m, y] = raw.slice(0, 3).map((v) => (/^\d+$/.test(v) ? Number(v) : NaN));
      let hh = 0;
      let mm = 0;
      if (time && raw[3] !== '') {
        const t = /^(\d{1,2})[:.](\d{2})$/.exec(raw[3]);
        if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) return { error: `${legend.replace(/ \(optional\)$/, '')}: enter the time as hours and minutes, for example 17:30` };
        hh = Number(t[1]);
        mm = Number(t[2]);
      }
      const date = new Date(y, m - 1, d, hh, mm);
      if (Number.isNaN(date.getTime()) || y < 2000 || y > 2999 || date.getDate() !== d || date.getMonth() !== m - 1) {
        return { error: `${legend.replace(/ \(optional\)$/, '')}: enter a real date, for example 27 3 2026` };
      }
      return { date };
    },
    clear() {
      boxes.forEach((b) => { b.input.value = ''; });
    },
  };
}

/** Shows message next to a field (or hides it with null), and marks the group. */
export function setFieldError(f, message) {
  const group = f.group;
  if (message) {
    replace(f.error, h('span', { class: 'visually-hidden' }, 'Error: '), message);
    f.error.hidden = false;
    group.classList.add('form-group--error');
    if (f.input) {
      f.input.classList.add('input--error');
      f.input.setAttribute('aria-describedby', [f.input.getAttribute('aria-describedby'), f.error.id].filter(Boolean).join(' '));
    }
  } else {
    f.error.hidden = true;
    group.classList.remove('form-group--error');
    if (f.input) f.input.classList.remove('input--error');
  }
}

/**
 * An error summary for the top of a form: a heading and a list of messages, each linking to
 * its field when it has one. Focused, so a screen reader announces it. items: [{text, target}].
 */
export function errorSummary(title, items) {
  const box = h('div', { class: 'error-summary', tabindex: '-1', role: 'alert' },
    h('h2', { class: 'error-summary__title' }, title),
    h('ul', { class: 'error-summary__list' },
      items.map(({ text, target }) => h('li', {},
        target ? h('a', {
          href: `#${target}`,
          onclick: (e) => {
            e.preventDefault();
            const t = document.getElementById(target);
            if (t) t.focus();
          },
        }, text) : text))));
  return box;
}

/** A green banner that says something worked. */
export function successBanner(title, ...body) {
  return h('div', { class: 'notification notification--success', role: 'status', tabindex: '-1' },
    h('h2', { class: 'notification__heading' }, title),
    body.length ? h('div', { class: 'notification__body' }, body) : null);
}

/** A blue (neutral) or red-edged (warning) inset notice. */
export function notice(text, kind = 'info') {
  return h('div', { class: `notice notice--${kind}` },
    kind === 'warning' ? h('span', { class: 'notice__icon', 'aria-hidden': 'true' }, '!') : null,
    h('div', { class: 'notice__text' }, kind === 'warning' ? h('span', { class: 'visually-hidden' }, 'Warning: ') : null, text));
}

/** A table inside a focusable, labelled region, so a wide table scrolls by keyboard too. */
export function table(caption, headers, rows, { empty = 'Nothing to show.' } = {}) {
  if (rows.length === 0) return h('p', { class: 'body' }, empty);
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', class: 'table__header' }, t)))),
      h('tbody', {}, rows.map((cells) => h('tr', { class: 'table__row' },
        cells.map((c) => h('td', { class: 'table__cell' }, c)))))));
}

/** A summary list (key/value rows). */
export function summaryList(rows) {
  return h('dl', { class: 'summary-list' },
    rows.filter(Boolean).map(([k, v]) => h('div', { class: 'summary-list__row' },
      h('dt', { class: 'summary-list__key' }, k),
      h('dd', { class: 'summary-list__value' }, v))));
}

/** Moves focus to el (a heading or a banner) and scrolls it into view. */
export function focusOn(el) {
  if (!el) return;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}
