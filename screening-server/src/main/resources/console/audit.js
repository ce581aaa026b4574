// Audit: the hash-chained log of every change, refusal, failed sign-in and contact attempt, and
// whether the chain still verifies.
import { call, query, ApiError } from './api.js';
import { h, replace, table, notice, whenShort } from './dom.js';
import { reasonWords } from './entries.js';

const PAGE = 50;
const TYPE_WORDS = {
  ENTRY_ADDED: 'Block added',
  ENTRY_REMOVED: 'Block removed',
  SOURCE_LOADED: 'Source loaded',
  SOURCE_REFUSED: 'Source refused',
  CONTACT_ATTEMPT: 'Contact attempt',
  AUTH_FAILED: 'Failed sign-in',
};

/** The first event shown: null for the newest page. */
let after = null;

function details(e) {
  const parts = [];
  const entry = e.entry || {};
  switch (e.type) {
    case 'ENTRY_ADDED':
    case 'ENTRY_REMOVED':
      parts.push(`Entry ${entry.id || ''}`);
      if (entry.reference) parts.push(`reference ${entry.reference}`);
      if (e.reason) parts.push(`reason: ${reasonWords(e.reason)}`);
      break;
    case 'SOURCE_LOADED':
      parts.push(`${e.source} version ${e.version}`);
      break;
    case 'SOURCE_REFUSED':
      parts.push(`${e.source} version ${e.version ?? '?'}: ${e.cause || ''}`);
      break;
    case 'CONTACT_ATTEMPT':
      parts.push(`PIN ${e.pin} at ${e.establishment || '?'}, entry ${e.ref}${e.channel ? ` (${e.channel})` : ''}`);
      break;
    case 'AUTH_FAILED':
      parts.push(`from ${e.remote || 'unknown'}${e.count > 1 ? `, ${e.count} times` : ''}`);
      break;
    default:
      break;
  }
  return parts.join(', ');
}

export async function auditPage(el) {
  let verify = null;
  let verifyError = null;
  try {
    verify = await call('/admin/v1/audit/verify');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw e;
    verifyError = e.message;
  }
  const total = verify ? verify.events ?? null : null;
  const start = after ?? Math.max(0, (total ?? 0) - PAGE);
  const page = await call(`/admin/v1/audit${query({ after: start, limit: PAGE })}`);
  const events = page.events || [];
  const first = events.length ? events[0].seq : start + 1;
  const last = events.length ? events[events.length - 1].seq : start;
  const go = (to) => {
    after = to;
    auditPage(el);
  };
  replace(el,
    h('h1', { class: 'heading-l' }, 'Audit'),
    verifyError ? h('div', { id: 'chain-state' }, notice(`Whether the audit log verifies could not be checked. ${verifyError}`, 'warning'))
      : verify.ok
      ? h('div', { class: 'panel panel--ok', id: 'chain-state' }, h('p', { class: 'panel__text' },
        h('strong', {}, 'The audit log is intact.'), ` All ${verify.events} events verify: none has been changed or removed.`))
      : h('div', { id: 'chain-state' }, notice(`The audit log does not verify: the chain breaks at event ${verify.brokenSeq}. ${verify.message || ''} Tell the operators now.`, 'warning')),
    h('p', { class: 'body' }, events.length ? `Events ${first} to ${last}${total !== null ? ` of ${total}` : ''}, oldest first.` : 'No events.'),
    h('div', { class: 'button-group' },
      start > 0 ? h('button', { type: 'button', class: 'button button--secondary', onclick: () => go(Math.max(0, start - PAGE)) }, 'Older events') : null,
      events.length === PAGE ? h('button', { type: 'button', class: 'button button--secondary', onclick: () => go(last) }, 'Newer events') : null,
      after !== null ? h('button', { type: 'button', class: 'button button--secondary', onclick: () => go(null) }, 'Newest events') : null),
    table('Audit events', ['No.', 'Time', 'Event', 'By', 'Details'],
      events.map((e) => [String(e.seq), whenShort(e.time), TYPE_WORDS[e.type] || e.type, h('span', { class: 'nowrap' }, e.actor || '\u2014'), details(e)]),
      { empty: 'The audit log is empty.' }));
}
