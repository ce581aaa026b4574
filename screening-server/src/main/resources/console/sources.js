// Sources: is the filter answering, what each register source last loaded, and which other
// filters hold this one's local blocks.
import { call } from './api.js';
import { h, replace, table, notice, summaryList, when } from './dom.js';

const STORAGE_WORDS = { OK: 'Writing normally', FULL: 'Disk full: changes are refused', FAILING: 'Writes failing' };

export async function sourcesPage(el) {
  const s = await call('/admin/v1/status');
  const counts = s.counts || {};
  const countWords = (name) => {
    const c = counts[name];
    if (!c) return '\u2014';
    return `${c.BLOCK ?? 0} blocks, ${c.ALLOW ?? 0} allowed`;
  };
  const sourceRows = (s.sources || []).map((src) => [
    h('strong', {}, src.name),
    src.version === null || src.version === undefined ? 'None loaded' : String(src.version),
    when(src.lastSuccess),
    src.lastError ? h('span', { class: 'text-error' }, src.lastError) : 'None',
    src.version === null || src.version === undefined
      ? h('strong', { class: 'tag tag--red' }, 'Not loaded')
      : h('strong', { class: 'tag tag--green' }, 'Loaded'),
    countWords(src.name),
  ]);
  const feed = s.feed;
  const storage = s.storage || {};
  replace(el,
    h('h1', { class: 'heading-l' }, 'Sources'),
    s.ready
      ? h('div', { class: 'panel panel--ok', id: 'readiness' }, h('p', { class: 'panel__text' },
        h('strong', {}, 'The filter is answering'), ` from version ${s.version}.`))
      : notice('The filter is not ready: it has not loaded every source, and it refuses every call until it has.', 'warning'),
    h('h2', { class: 'heading-m' }, 'Register sources'),
    table('Register sources', ['Source', 'Version', 'Last loaded', 'Last error', 'State', 'Entries'], sourceRows,
      { empty: 'No register source is configured: only this filter\u2019s own blocks apply.' }),
    h('h2', { class: 'heading-m' }, 'This filter\u2019s own blocks'),
    summaryList([['Entries', countWords('local')]]),
    h('h2', { class: 'heading-m' }, 'Other filters reading this one'),
    feed
      ? [summaryList([['Feed version', String(feed.version)]]),
        table('Filters that read this filter\u2019s feed', ['Reader', 'Version it holds', 'Last read', 'Up to date'],
          (feed.readers || []).map((r) => [h('strong', {}, r.token), String(r.version), when(r.at),
            r.version >= feed.version ? h('strong', { class: 'tag tag--green' }, 'Yes') : h('strong', { class: 'tag tag--red' }, 'Not yet')]),
          { empty: 'No other filter has read this filter\u2019s feed since it started.' })]
      : h('p', { class: 'body' }, 'This filter has no feed.'),
    h('h2', { class: 'heading-m' }, 'Storage'),
    summaryList(Object.entries(storage).map(([file, st]) => [file,
      `${STORAGE_WORDS[st.state] || st.state}${st.writeFailures ? ` (${st.writeFailures} failed writes)` : ''}`])));
}
