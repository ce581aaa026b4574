// How entries read to staff: channels, matches, scopes, validity, reasons, canonical forms.
import { h, when } from './dom.js';

export const CHANNELS = {
  PHONE: { field: 'number', noun: 'telephone number', label: 'Telephone number' },
  EMAIL: { field: 'email', noun: 'e-mail address', label: 'E-mail address' },
  POST: { field: 'address', noun: 'postal address', label: 'Postal address' },
};

export const REASONS = [
  ['VICTIM_REQUEST', 'Victim request'],
  ['COURT_ORDER', 'Court order'],
  ['PUBLIC_REQUEST', 'Public request'],
];

const REASON_WORDS = Object.fromEntries([...REASONS,
  ['APPROVED_CONTACT', 'Approved contact'], ['HELPLINE', 'Helpline'], ['LEGAL', 'Legal']]);

/** The channel of an entry: the one of number, email, address it holds. */
export function channelOf(entry) {
  if (entry.email) return 'EMAIL';
  if (entry.address) return 'POST';
  return 'PHONE';
}

/** "Victim request" for VICTIM_REQUEST; free text as written. */
export function reasonWords(reason) {
  if (!reason) return '\u2014';
  return REASON_WORDS[reason] || reason;
}

/** What an entry matches, in words: "exact number", "whole domain", ... */
export function matchWords(channel, match) {
  const m = {
    PHONE: { EXACT: 'Exact number', PREFIX: 'Every number starting with this' },
    EMAIL: { EXACT: 'Exact address', DOMAIN: 'Every address at this domain' },
    POST: { EXACT: 'Exact address', POSTCODE: 'Every address in this postcode' },
  };
  return (m[channel] && m[channel][match]) || match || '';
}

/** "Every establishment", "Establishment HULL", "PIN 1234 (HULL)". */
export function scopeWords(entry) {
  switch (entry.scope) {
    case 'NATIONAL': return 'Every establishment';
    case 'ESTABLISHMENT': return `Establishment ${entry.establishment || ''}`;
    case 'PIN': return `PIN ${entry.pin || ''}${entry.establishment ? ` at ${entry.establishment}` : ''}`;
    default: return entry.scope || '';
  }
}

/** "Always", "From ... ", "Until ...", "From ... until ...". */
export function validityWords(entry) {
  if (!entry.validFrom && !entry.validUntil) return 'Always';
  if (entry.validFrom && entry.validUntil) return `From ${when(entry.validFrom)} until ${when(entry.validUntil)}`;
  if (entry.validFrom) return `From ${when(entry.validFrom)}`;
  return `Until ${when(entry.validUntil)}`;
}

/** Source and owner: "This filter (local), added by spoc-hull" or "national register". */
export function sourceWords(entry) {
  const src = entry.source === 'local' ? 'This filter (local)' : `Source: ${entry.source}`;
  return entry.createdBy ? [src, h('br'), `Added by ${entry.createdBy}`] : src;
}

/**
 * A canonical form as staff read it: numbers and e-mails as they are; an address's
 * "POSTCODE|building|sub-premise" as "HU1 1AA, building 12, flat or room 3".
 */
export function canonicalWords(channel, canonical) {
  if (channel !== 'POST' || !canonical || !canonical.includes('|')) return canonical;
  const [postcode, building, sub] = canonical.split('|');
  const parts = [`Postcode ${postcode}`];
  if (building) parts.push(`building ${building}`);
  if (sub) parts.push(`flat or room ${sub}`);
  return parts.join(', ');
}

/** The entry's value with the match in words below it. */
export function valueCell(entry) {
  const ch = channelOf(entry);
  const value = entry[CHANNELS[ch].field];
  return [h('span', { class: 'value' }, value), h('br'),
    h('span', { class: 'hint-inline' }, `${CHANNELS[ch].label}: ${matchWords(ch, entry.match).toLowerCase()}`)];
}
