// The Blocks pages: find what blocks a number, e-mail or address; add one block; import a list.
import { call, query, ApiError, sentence } from './api.js';
import {
  h, replace, field, radios, dateInput, setFieldError, errorSummary, successBanner, notice, table, summaryList, focusOn, when,
} from './dom.js';
import {
  CHANNELS, REASONS, channelOf, reasonWords, scopeWords, validityWords, sourceWords, canonicalWords, valueCell,
} from './entries.js';

const ESTABLISHMENT_KEY = 'screening.console.establishment';

/** The last search, kept so that a removal can show the list again. */
let lastSearch = null;

// ---------------------------------------------------------------- Blocks: search and remove

export async function blocksPage(el, ctx) {
  const kind = radios({
    legend: 'What do you want to look up?',
    name: 'search-kind',
    small: true,
    checked: lastSearch ? lastSearch.kind : 'number',
    options: [['number', 'Telephone number'], ['email', 'E-mail address'], ['address', 'Postal address']],
  });
  const value = field({
    label: 'Number, e-mail or address', name: 'search-value', value: lastSearch ? lastSearch.value : '',
    hint: 'Type it as you have it, for example 07700 900123. Every source is searched, whatever the scope.',
  });
  const results = h('div', { id: 'search-results', 'aria-live': 'polite' });
  const summarySlot = h('div', {});
  const form = h('form', { class: 'form', novalidate: true, role: 'search', 'aria-label': 'Find blocks' },
    kind.group, value.group,
    h('button', { type: 'submit', class: 'button', id: 'search-button' }, 'Search'));

  const run = async (focusResults) => {
    setFieldError(value, null);
    replace(summarySlot);
    const v = value.input.value.trim();
    if (!v) {
      const msg = 'Enter a number, e-mail address or postal address to look up';
      setFieldError(value, msg);
      const s = errorSummary('There is a problem', [{ text: msg, target: value.id }]);
      replace(summarySlot, s);
      focusOn(s);
      return;
    }
    lastSearch = { kind: kind.value(), value: v };
    replace(results, h('p', { class: 'body' }, 'Searching\u2026'));
    let answer;
    try {
      answer = await call(`/admin/v1/entries${query({ [lastSearch.kind]: v })}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      setFieldError(value, e.message);
      const s = errorSummary('There is a problem', [{ text: e.message, target: value.id }]);
      replace(summarySlot, s);
      replace(results);
      focusOn(s);
      return;
    }
    showResults(results, answer.entries || [], ctx, () => run(true));
    if (focusResults) focusOn(results.querySelector('h2'));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run(true);
  });

  replace(el,
    summarySlot,
    h('h1', { class: 'heading-l' }, 'Blocks'),
    ctx.canChange
      ? h('div', { class: 'button-group' },
        h('a', { href: '#/blocks/add', class: 'button', id: 'add-block-link' }, 'Add a block'),
        h('a', { href: '#/blocks/import', class: 'button button--secondary', id: 'import-link' },
          'Import a list (CSV)'))
      : notice('You are signed in as an auditor: you can look at every block, but not add or remove one.'),
    h('h2', { class: 'heading-m' }, 'Find a block'),
    form,
    results);
  if (lastSearch) await run(false);
}

function showResults(results, entries, ctx, again) {
  const caption = entries.length === 1 ? '1 entry matches' : `${entries.length} entries match`;
  const rows = entries.map((e) => [
    h('span', { class: 'entry-id' }, e.id),
    valueCell(e),
    sourceWords(e),
    scopeWords(e),
    validityWords(e),
    [e.action === 'ALLOW' ? h('strong', {}, 'Allowed contact: ') : null, reasonWords(e.reason)],
    e.reference || '\u2014',
    ctx.canChange && e.source === 'local'
      ? h('button', {
        type: 'button', class: 'button button--warning button--small', 'data-remove': e.id,
        'aria-label': `Remove block ${e.id}`,
        onclick: () => removePanel(results, e, again),
      }, 'Remove')
      : (e.source === 'local' ? '' : h('span', { class: 'hint-inline' }, 'Changed at its source')),
  ]);
  replace(results,
    h('h2', { class: 'heading-m', tabindex: '-1' }, entries.length ? caption : 'No entry matches'),
    entries.length
      ? table('Entries that match', ['ID', 'Blocks', 'Source and owner', 'Scope', 'Valid', 'Reason', 'Reference', ''], rows)
      : h('p', { class: 'body' }, 'No source blocks or allows this. Calls to it, or mail to it, are not stopped.'));
}

function removePanel(results, entry, again) {
  const old = results.querySelector('.remove-panel');
  if (old) old.remove();
  const summarySlot = h('div', {});
  const reason = field({
    label: 'Why is this block being removed?', name: 'remove-reason',
    hint: 'For example: victim withdrew the request, reference SPC/2026/0101. This goes into the audit log.',
  });
  const confirmId = `confirm-${entry.id}`;
  const confirm = h('input', { type: 'checkbox', class: 'checkboxes__input', id: confirmId, name: 'confirm' });
  const confirmGroup = {
    group: h('div', { class: 'form-group' }),
    error: h('p', { class: 'error-message', id: `${confirmId}-error`, hidden: true }),
  };
  confirmGroup.group.append(confirmGroup.error, h('div', { class: 'checkboxes__item' }, confirm,
    h('label', { class: 'label checkboxes__label', for: confirmId },
      `Yes, remove block ${entry.id}. Calls, e-mail or post to it will no longer be stopped by it.`)));
  const button = h('button', { type: 'submit', class: 'button button--warning', id: 'confirm-remove' }, 'Remove block');
  const form = h('form', { class: 'form', novalidate: true },
    reason.group, confirmGroup.group,
    h('div', { class: 'button-group' }, button,
      h('button', { type: 'button', class: 'button button--secondary', onclick: () => panel.remove() }, 'Cancel')));
  const heading = h('h2', { class: 'heading-m', tabindex: '-1' }, `Remove block ${entry.id}`);
  const panel = h('section', { class: 'remove-panel', 'aria-label': `Remove block ${entry.id}` },
    summarySlot, heading,
    summaryList([['Blocks', valueCell(entry)], ['Scope', scopeWords(entry)], ['Reference', entry.reference || '\u2014']]),
    form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setFieldError(reason, null);
    setFieldError(confirmGroup, null);
    const items = [];
    const r = reason.input.value.trim();
    if (!r) {
      setFieldError(reason, 'Enter why the block is being removed');
      items.push({ text: 'Enter why the block is being removed', target: reason.id });
    } else if (r.length > 128) {
      setFieldError(reason, 'The reason must be 128 characters or fewer');
      items.push({ text: 'The reason must be 128 characters or fewer', target: reason.id });
    }
    if (!confirm.checked) {
      setFieldError(confirmGroup, 'Tick the box to confirm the removal');
      items.push({ text: 'Tick the box to confirm the removal', target: confirmId });
    }
    if (items.length) {
      const s = errorSummary('There is a problem', items);
      replace(summarySlot, s);
      focusOn(s);
      return;
    }
    button.disabled = true;
    try {
      await call(`/admin/v1/entries/${encodeURIComponent(entry.id)}${query({ reason: r })}`, { method: 'DELETE' });
    } catch (e) {
      button.disabled = false;
      if (e instanceof ApiError && e.status === 401) return;
      const s = errorSummary('The block was not removed', [{ text: e.message }]);
      replace(summarySlot, s);
      focusOn(s);
      return;
    }
    await again();
    const banner = successBanner(`Block ${entry.id} removed`,
      h('p', { class: 'body' }, 'The reason is recorded in the audit log.'));
    results.prepend(banner);
    focusOn(banner);
  });
  results.append(panel);
  focusOn(heading);
}

// ---------------------------------------------------------------- Add a block

const MATCHES = {
  PHONE: [['EXACT', 'This number only'], ['PREFIX', 'Every number that starts with this', 'Written in international form, for example +44113496']],
  EMAIL: [['EXACT', 'This address only', 'Tags after a + and, at Gmail, dots do not matter'], ['DOMAIN', 'Every address at this domain', 'For example example.org. Large public providers are refused.']],
  POST: [['EXACT', 'This address only', 'Matched on postcode, building and flat: street and town spelling do not matter'], ['POSTCODE', 'Every address in this postcode']],
};

function readonlyRefusal(el, title) {
  replace(el, h('h1', { class: 'heading-l' }, title),
    notice('You are signed in as an auditor: you cannot change blocks.'),
    h('p', { class: 'body' }, h('a', { href: '#/blocks', class: 'link' }, 'Back to blocks')));
}

export async function addBlockPage(el, ctx) {
  if (!ctx.canChange) {
    readonlyRefusal(el, 'Add a block');
    return;
  }
  const summarySlot = h('div', {});
  const checkSlot = h('div', { 'aria-live': 'polite' });
  let checked = null;

  const channel = radios({
    legend: 'What do you want to block?', name: 'channel', checked: 'PHONE',
    options: [['PHONE', 'A telephone number'], ['EMAIL', 'An e-mail address'], ['POST', 'A postal address']],
    onchange: () => { showChannel(); invalidate(); },
  });
  const number = field({ label: 'Telephone number', name: 'number', inputmode: 'tel', width: 'medium',
    hint: 'As the victim or the police gave it, for example 07700 900123 or +44 7700 900123.' });
  const email = field({ label: 'E-mail address', name: 'email', type: 'email', width: 'medium',
    hint: 'For example j.smith+news@example.org, or a domain such as example.org.' });
  const address = field({ label: 'Postal address', name: 'address', multiline: true,
    hint: 'Lines separated by commas or new lines. It must include the postcode.' });
  const matchSlot = h('div', {});
  const matches = {};
  for (const ch of Object.keys(MATCHES)) {
    matches[ch] = radios({ legend: 'What should it match?', name: `match-${ch}`, small: true, checked: 'EXACT', options: MATCHES[ch], onchange: () => invalidate() });
  }
  const scope = radios({
    legend: 'Who may not contact it?', name: 'scope', checked: 'ESTABLISHMENT',
    options: [['ESTABLISHMENT', 'Every prisoner at one establishment', 'The usual choice for a victim\u2019s request'],
      ['PIN', 'One PIN only'], ['NATIONAL', 'Every prisoner at every establishment']],
    onchange: () => { showScope(); invalidate(); },
  });
  const establishment = field({ label: 'Establishment code', name: 'establishment', width: 'small',
    value: localStorage.getItem(ESTABLISHMENT_KEY) || '', hint: 'For example HULL.' });
  const pin = field({ label: 'PIN', name: 'pin', width: 'small', hint: 'The prisoner\u2019s PIN, for example 1234.' });
  const validFrom = dateInput({ legend: 'Starts (optional)', name: 'validFrom', withTime: true,
    hint: 'For example 27 3 2026 and 09:00. Leave empty to start at once.' });
  const validUntil = dateInput({ legend: 'Ends (optional)', name: 'validUntil', withTime: true,
    hint: 'Leave empty for no end date.' });
  const reasonId = 'reason-select';
  const reasonSelect = h('select', { class: 'select', id: reasonId, name: 'reason' },
    REASONS.map(([v, l]) => h('option', { value: v }, l)));
  const reason = {
    group: null, input: reasonSelect, id: reasonId,
    error: h('p', { class: 'error-message', id: `${reasonId}-error`, hidden: true }),
  };
  reason.group = h('div', { class: 'form-group' }, h('label', { class: 'label', for: reasonId }, 'Reason'), reason.error, reasonSelect);
  const reference = field({ label: 'Case reference', name: 'reference', width: 'medium',
    hint: 'The reference of the request, for example SPC/2026/0101. Contact attempts are grouped by it.' });
  const note = field({ label: 'Note (optional)', name: 'note', multiline: true });

  const valueFields = { PHONE: number, EMAIL: email, POST: address };
  const byField = {
    number, email, address, establishment, pin, validFrom, validUntil, reason, reference, note,
  };

  const showChannel = () => {
    const ch = channel.value();
    for (const [k, f] of Object.entries(valueFields)) f.group.hidden = k !== ch;
    replace(matchSlot, matches[ch].group);
  };
  const showScope = () => {
    const s = scope.value();
    establishment.group.hidden = s === 'NATIONAL';
    establishment.group.querySelector('label').textContent = s === 'PIN' ? 'Establishment code (optional)' : 'Establishment code';
    pin.group.hidden = s !== 'PIN';
  };
  const invalidate = () => {
    if (checked) {
      checked = null;
      replace(checkSlot);
    }
  };

  const entry = () => {
    const ch = channel.value();
    const e = { action: 'BLOCK', match: matches[ch].value(), scope: scope.value() };
    e[CHANNELS[ch].field] = valueFields[ch].input.value.trim();
    const est = establishment.input.value.trim().toUpperCase();
    if (e.scope !== 'NATIONAL' && est) e.establishment = est;
    if (e.scope === 'PIN') e.pin = pin.input.value.trim();
    for (const [k, f] of [['validFrom', validFrom], ['validUntil', validUntil]]) {
      const r = f.read();
      if (r.date) e[k] = r.date.toISOString();
    }
    e.reason = reasonSelect.value;
    for (const [k, f] of [['reference', reference], ['note', note]]) {
      const v = f.input.value.trim();
      if (v) e[k] = v;
    }
    return e;
  };

  const clearErrors = () => {
    replace(summarySlot);
    for (const f of [...Object.values(byField)]) setFieldError(f, null);
  };

  /** Shows each {field, message} next to its field and in the summary at the top. */
  const showErrors = (title, errors) => {
    const items = errors.map(({ field: name, message, plain }) => {
      const f = byField[name] || null;
      const text = plain ? message : sentence(message);
      if (f) setFieldError(f, text);
      return { text, target: f ? f.id : null };
    });
    const s = errorSummary(title, items);
    replace(summarySlot, s);
    focusOn(s);
  };

  const localErrors = (e) => {
    const errs = [];
    const ch = channel.value();
    if (!e[CHANNELS[ch].field]) errs.push({ field: CHANNELS[ch].field, message: `Enter the ${CHANNELS[ch].noun} to block`, plain: true });
    if (e.scope === 'ESTABLISHMENT' && !e.establishment) errs.push({ field: 'establishment', message: 'Enter the establishment code', plain: true });
    if (e.scope === 'PIN' && !e.pin) errs.push({ field: 'pin', message: 'Enter the PIN', plain: true });
    if (!e.reference) errs.push({ field: 'reference', message: 'Enter the case reference', plain: true });
    for (const [k, f] of [['validFrom', validFrom], ['validUntil', validUntil]]) {
      const r = f.read();
      if (r.error) errs.push({ field: k, message: r.error, plain: true });
    }
    if (e.validFrom && e.validUntil && e.validUntil <= e.validFrom) {
      errs.push({ field: 'validUntil', message: 'The end must be after the start', plain: true });
    }
    return errs;
  };

  const checkButton = h('button', { type: 'submit', class: 'button', id: 'check-block' }, 'Check');
  const form = h('form', { class: 'form', novalidate: true, id: 'add-block-form' },
    channel.group, number.group, email.group, address.group, matchSlot,
    scope.group, establishment.group, pin.group,
    h('fieldset', { class: 'fieldset' }, h('legend', { class: 'fieldset__legend fieldset__legend--s' }, 'When does it apply?'),
      validFrom.group, validUntil.group),
    reason.group, reference.group, note.group,
    checkButton);
  form.addEventListener('input', invalidate);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    const e = entry();
    const errs = localErrors(e);
    if (errs.length) {
      showErrors('There is a problem', errs);
      return;
    }
    checkButton.disabled = true;
    let answer;
    try {
      answer = await call('/admin/v1/entries/check', { method: 'POST', json: e });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) showErrors('There is a problem', [{ message: err.message }]);
      return;
    } finally {
      checkButton.disabled = false;
    }
    if (answer.errors && answer.errors.length) {
      showErrors('There is a problem', answer.errors);
      return;
    }
    if (e.establishment) localStorage.setItem(ESTABLISHMENT_KEY, e.establishment);
    checked = e;
    showCheck(answer.entries[0], e);
  });

  const showCheck = (result, e) => {
    const ch = result.channel || channel.value();
    const covered = result.covered || [];
    const save = h('button', { type: 'button', class: 'button', id: 'save-block' }, 'Save block');
    const heading = h('h2', { class: 'heading-m', tabindex: '-1' }, 'Check the block before you save it');
    replace(checkSlot, h('section', { class: 'check-panel', 'aria-label': 'Check the block' },
      heading,
      summaryList([
        [`The filter will block`, h('strong', { class: 'canonical', id: 'canonical' }, canonicalWords(ch, result.canonical))],
        ['Match', MATCHES[ch].find(([v]) => v === e.match)[1]],
        ['Who', scopeWords(e)],
        ['Valid', validityWords(e)],
        ['Reason', reasonWords(e.reason)],
        ['Case reference', e.reference],
      ]),
      covered.length
        ? notice(`An entry already covers this: ${covered.join(', ')}. Saving adds another block; search first if you are not sure.`, 'warning')
        : h('p', { class: 'body' }, 'No existing entry covers this.'),
      h('div', { class: 'button-group' }, save,
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => { invalidate(); focusOn(channel.inputs[0]); } }, 'Change it'))));
    focusOn(heading);
    save.addEventListener('click', async () => {
      save.disabled = true;
      let answer;
      try {
        answer = await call('/admin/v1/entries', { method: 'POST', json: checked });
      } catch (err) {
        save.disabled = false;
        if (!(err instanceof ApiError && err.status === 401)) showErrors('The block was not saved', [{ message: err.message }]);
        return;
      }
      const saved = answer.entries[0];
      const peers = h('div', { id: 'peer-state', 'aria-live': 'polite' });
      const banner = successBanner(`Block saved: live at version ${answer.version}`,
        h('p', { class: 'body' }, 'Entry ', h('strong', { class: 'entry-id', id: 'saved-id' }, saved.id),
          ` now blocks ${canonicalWords(ch, result.canonical)} on this filter.`),
        peers,
        h('p', { class: 'body' }, h('a', { href: '#/blocks/add', class: 'link', onclick: () => setTimeout(() => addBlockPage(el, ctx)) }, 'Add another block'),
          ' or ', h('a', { href: '#/blocks', class: 'link' }, 'go back to blocks'), '.'));
      replace(el, banner);
      focusOn(banner);
      watchPeers(peers);
    });
  };

  replace(el,
    summarySlot,
    h('h1', { class: 'heading-l' }, 'Add a block'),
    h('p', { class: 'body' }, 'The filter shows what it will block before anything is saved.'),
    form, checkSlot);
  showChannel();
  showScope();
}

/**
 * Shows whether each filter that reads this one's feed holds the change yet: a reader has it
 * once the feed version it last read is at least the version taken right after the save.
 */
async function watchPeers(slot) {
  let target = null;
  for (let i = 0; i < 15 && slot.isConnected; i += 1) {
    let status;
    try {
      status = await call('/admin/v1/status');
    } catch (e) {
      replace(slot, h('p', { class: 'body' }, 'Whether the other filter has it could not be read: ', e.message));
      return;
    }
    const feed = status.feed;
    if (!feed) {
      replace(slot, h('p', { class: 'body' }, 'This filter has no feed: the block is live on this filter only.'));
      return;
    }
    if (target === null) target = feed.version;
    const readers = feed.readers || [];
    if (readers.length === 0) {
      replace(slot, h('p', { class: 'body' }, 'No other filter reads this filter\u2019s feed yet: the block is live on this filter only.'));
      return;
    }
    const all = readers.every((r) => r.version >= target);
    replace(slot, h('ul', { class: 'list' }, readers.map((r) => h('li', {},
      r.version >= target
        ? [h('strong', {}, r.token), ` has it (read at ${when(r.at)}).`]
        : [h('strong', {}, r.token), ' does not have it yet', all ? '.' : ': checking again\u2026']))));
    if (all) return;
    await new Promise((res) => { setTimeout(res, 1000); });
  }
}

// ---------------------------------------------------------------- Import a list

export async function importPage(el, ctx) {
  if (!ctx.canChange) {
    readonlyRefusal(el, 'Import a list of blocks');
    return;
  }
  const summarySlot = h('div', {});
  const resultSlot = h('div', { 'aria-live': 'polite' });
  const fileId = 'import-file';
  const fileError = h('p', { class: 'error-message', id: `${fileId}-error`, hidden: true });
  const file = h('input', { type: 'file', class: 'file-upload', id: fileId, name: 'file', accept: '.csv,text/csv', 'aria-describedby': `${fileId}-hint` });
  const fileField = { group: null, input: file, error: fileError, id: fileId };
  fileField.group = h('div', { class: 'form-group' },
    h('label', { class: 'label', for: fileId }, 'CSV file'),
    h('div', { class: 'hint', id: `${fileId}-hint` },
      'The first row names the columns, as for register build: id, action, match, number, email, address, scope, '
      + 'establishment, pin, validFrom, validUntil, reason, reference, note. Each row needs one of number, email or address.'),
    fileError, file);
  const checkButton = h('button', { type: 'submit', class: 'button', id: 'check-import' }, 'Check the file');
  const form = h('form', { class: 'form', novalidate: true, id: 'import-form' }, fileField.group, checkButton);
  file.addEventListener('change', () => replace(resultSlot));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(summarySlot);
    replace(resultSlot);
    setFieldError(fileField, null);
    const f = file.files[0];
    if (!f) {
      setFieldError(fileField, 'Choose a CSV file');
      const s = errorSummary('There is a problem', [{ text: 'Choose a CSV file', target: fileId }]);
      replace(summarySlot, s);
      focusOn(s);
      return;
    }
    const text = await f.text();
    checkButton.disabled = true;
    let answer;
    try {
      answer = await call('/admin/v1/entries/check', { method: 'POST', csv: text });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        setFieldError(fileField, e.message);
        const s = errorSummary('There is a problem with the file', [{ text: e.message, target: fileId }]);
        replace(summarySlot, s);
        focusOn(s);
      }
      return;
    } finally {
      checkButton.disabled = false;
    }
    showImportCheck(answer, text, f.name);
  });

  const showImportCheck = (answer, text, name) => {
    const rows = answer.entries || [];
    const errors = answer.errors || [];
    const problem = (e) => {
      const m = sentence(e.message);
      return e.field && !m.toLowerCase().startsWith(e.field.toLowerCase()) ? `${e.field}: ${m}` : m;
    };
    // the valid rows and the refused ones, in the file's order
    const lines = [
      ...rows.map((r) => ({ line: r.line, cells: [r.id || '\u2014', (CHANNELS[r.channel] || {}).label || r.channel,
        h('span', { class: 'canonical' }, canonicalWords(r.channel, r.canonical)), (r.covered || []).join(', ') || '\u2014'] })),
      ...errors.map((e) => ({ line: e.line, cells: [h('span', { class: 'text-error' }, `Refused: ${problem(e)}`), '', '', ''] })),
    ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const table1 = table(`Rows of ${name}`, ['Line', 'ID', 'Blocks', 'The filter will block', 'Already covered by'],
      lines.map((l) => [String(l.line ?? ''), ...l.cells]),
      { empty: 'No row could be read.' });
    if (errors.length) {
      const items = errors.map((e) => ({ text: `Line ${e.line}: ${problem(e)}` }));
      const s = errorSummary(`${errors.length === 1 ? '1 row has a problem' : `${errors.length} rows have problems`}: nothing has been saved`, items);
      replace(summarySlot, s);
      replace(resultSlot,
        h('p', { class: 'body' }, 'The list is imported whole or not at all. Correct the rows named above in the file, then check it again.'),
        table1);
      focusOn(s);
      return;
    }
    const covered = rows.filter((r) => (r.covered || []).length).length;
    const apply = h('button', { type: 'button', class: 'button', id: 'apply-import' },
      rows.length === 1 ? 'Import 1 block' : `Import ${rows.length} blocks`);
    const heading = h('h2', { class: 'heading-m', tabindex: '-1' }, `Every row is valid: ${rows.length} to import`);
    replace(resultSlot, heading,
      covered ? notice(`${covered} of these ${covered === 1 ? 'is' : 'are'} already covered by an existing entry.`, 'warning') : null,
      table1,
      h('p', { class: 'body' }, 'They are saved together: all of them, or none.'),
      apply);
    focusOn(heading);
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      let saved;
      try {
        saved = await call('/admin/v1/entries', { method: 'POST', csv: text });
      } catch (e) {
        apply.disabled = false;
        if (!(e instanceof ApiError && e.status === 401)) {
          const s = errorSummary('Nothing was imported', [{ text: e.message }]);
          replace(summarySlot, s);
          focusOn(s);
        }
        return;
      }
      const n = saved.entries.length;
      const banner = successBanner(`${n === 1 ? '1 block' : `${n} blocks`} imported: live at version ${saved.version}`,
        h('p', { class: 'body' }, 'Each is in the audit log under your name.'));
      replace(summarySlot);
      replace(resultSlot, banner);
      file.value = '';
      focusOn(banner);
    });
  };

  replace(el,
    summarySlot,
    h('h1', { class: 'heading-l' }, 'Import a list of blocks'),
    h('p', { class: 'body' }, 'Police forces and the national team send lists. The filter checks every row first and shows what each will block; nothing is saved until you import the list.'),
    form, resultSlot);
}
