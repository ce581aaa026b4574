// Contact attempts: every DENY BLOCKED, newest first, filtered, grouped by case reference, and
// downloadable as CSV for the police.
import { call, query, ApiError } from './api.js';
import { h, replace, field, dateInput, table, notice, whenShort, errorSummary, setFieldError, focusOn } from './dom.js';
import { CHANNELS } from './entries.js';

const PAGE = 50;
let filters = { reference: '', pin: '', from: null, until: null };

/** The instant at the start of a day (a Date at local midnight) plus some days, or ''. */
function dayStart(date, plusDays = 0) {
  if (!date) return '';
  const d = new Date(date.getTime());
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

function params() {
  return {
    reference: filters.reference,
    pin: filters.pin,
    from: dayStart(filters.from),
    until: dayStart(filters.until, 1),
  };
}

export async function attemptsPage(el) {
  const reference = field({ label: 'Case reference', name: 'reference', value: filters.reference, width: 'medium' });
  const pin = field({ label: 'PIN', name: 'pin', value: filters.pin, width: 'small' });
  const from = dateInput({ legend: 'From', name: 'from', value: filters.from || null });
  const until = dateInput({ legend: 'Until (included)', name: 'until', value: filters.until || null });
  const summarySlot = h('div', {});
  const form = h('form', { class: 'form filters', novalidate: true, 'aria-label': 'Filter contact attempts', id: 'attempts-filter' },
    h('div', { class: 'filters__row' }, reference.group, pin.group, from.group, until.group),
    h('div', { class: 'button-group' },
      h('button', { type: 'submit', class: 'button', id: 'apply-filters' }, 'Apply filters'),
      h('button', {
        type: 'button', class: 'button button--secondary',
        onclick: () => { filters = { reference: '', pin: '', from: null, until: null }; attemptsPage(el); },
      }, 'Clear filters')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    setFieldError(from, null);
    setFieldError(until, null);
    replace(summarySlot);
    const f = from.read();
    const u = until.read();
    const items = [];
    for (const [d, r] of [[from, f], [until, u]]) {
      if (r.error) {
        setFieldError(d, r.error);
        items.push({ text: r.error, target: d.id });
      }
    }
    if (!items.length && f.date && u.date && u.date < f.date) {
      const msg = 'The until date must be the same as or after the from date';
      setFieldError(until, msg);
      items.push({ text: msg, target: until.id });
    }
    if (items.length) {
      const s = errorSummary('There is a problem', items);
      replace(summarySlot, s);
      focusOn(s);
      return;
    }
    const next = {
      reference: reference.input.value.trim(), pin: pin.input.value.trim(),
      from: f.date, until: u.date,
    };
    filters = next;
    attemptsPage(el);
  });

  const p = params();
  const [list, summary] = await Promise.all([
    call(`/admin/v1/contact-attempts${query({ ...p, limit: PAGE })}`),
    call(`/admin/v1/contact-attempts/summary${query({ from: p.from, until: p.until })}`),
  ]);
  const csvHref = `/admin/v1/contact-attempts${query({ ...p, format: 'csv' })}`;
  const listSlot = h('div', {});
  const filtered = filters.reference || filters.pin || filters.from || filters.until;

  replace(el,
    summarySlot,
    h('h1', { class: 'heading-l' }, 'Contact attempts'),
    h('p', { class: 'body' }, 'Each time a prisoner tried to call, e-mail or write to a blocked contact. Prisoners ask others to make the contact for them: several PINs on one case is the pattern to look for.'),
    h('h2', { class: 'heading-m' }, 'By case reference'),
    summaryTable(summary.references || []),
    h('h2', { class: 'heading-m' }, filtered ? 'Attempts that match the filters' : 'Every attempt, newest first'),
    form,
    h('p', { class: 'body' }, h('a', { href: csvHref, class: 'link', download: 'contact-attempts.csv', id: 'csv-download' },
      'Download these attempts as CSV'), ' (for the police; it holds no number, e-mail or address).'),
    listSlot);
  showList(listSlot, list, p);
}

function summaryTable(refs) {
  return table('Contact attempts grouped by case reference',
    ['Case reference', 'Different PINs', 'Attempts', 'Last attempt', 'Entries'],
    refs.map((r) => [
      r.reference || h('span', { class: 'hint-inline' }, 'No reference'),
      h('strong', { class: r.pins > 1 ? 'tag tag--red' : 'tag' }, String(r.pins)),
      String(r.attempts),
      whenShort(r.last),
      (r.refs || []).join(', '),
    ]),
    { empty: 'No contact attempt has been recorded in this period.' });
}

function attemptRows(attempts) {
  return attempts.map((a) => [
    whenShort(a.time), a.pin, a.establishment || '\u2014',
    (CHANNELS[a.channel] || {}).label || a.channel || '\u2014',
    a.ref, a.reference || '\u2014',
  ]);
}

function showList(slot, first, p) {
  const attempts = [...(first.attempts || [])];
  let next = first.next;
  const render = () => {
    const more = next !== null && next !== undefined
      ? h('button', {
        type: 'button', class: 'button button--secondary', id: 'older-attempts',
        onclick: async (ev) => {
          ev.target.disabled = true;
          try {
            const page = await call(`/admin/v1/contact-attempts${query({ ...p, limit: PAGE, before: next })}`);
            attempts.push(...(page.attempts || []));
            next = page.next;
            render();
          } catch (e) {
            if (!(e instanceof ApiError && e.status === 401)) slot.append(notice(e.message, 'warning'));
          }
        },
      }, 'Show older attempts')
      : null;
    replace(slot,
      table('Contact attempts, newest first', ['Time', 'PIN', 'Establishment', 'Channel', 'Entry', 'Case reference'],
        attemptRows(attempts), { empty: 'No contact attempt matches.' }),
      more);
  };
  render();
}
