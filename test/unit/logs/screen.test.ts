import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createUiStore} from '../../../source/shell/ui-store.js';
import {dialogKey} from '../../../source/shell/dialogs.js';
import type {Action} from '../../../source/keymap/keymap.js';
import {LogScreen, type LogScreenOptions} from '../../../source/views/logs/log-screen.js';
import {FakeLoggable, FakeTimers, T0, engineError, settle, wire} from '../../support/log-fakes.js';

function setup(options: Partial<LogScreenOptions> = {}) {
  const timers = new FakeTimers();
  timers.time = T0 + 60_000;
  const source = new FakeLoggable(['pipe', 'pipe', 'pipe']);
  const ui = createUiStore('services');
  const screen = new LogScreen({
    source,
    target: {kind: 'service', id: 'svc1'},
    tty: false,
    name: 'web',
    identify: line => (line.taskId ? {service: 'web', slot: Number(line.taskId.replace('task', '')), node: 'node1'} : undefined),
    tail: 200,
    capacity: 1000,
    timers,
    ...options,
  });
  let filter = '';
  const env = () => ({ui, pageSize: 5, filter, readOnly: false});
  const act = (action: Action) => screen.act(action, env());
  const command = (name: string) => act({type: 'screen', command: name});
  const shown = (height = 5) =>
    screen.frame(filter, 80, height).rows.map(row =>
      row.segments
        .map(segment => segment.text)
        .join('')
        .trim(),
    );
  return {timers, source, ui, screen, act, command, shown, setFilter: (text: string) => (filter = text)};
}

async function feed(harness: ReturnType<typeof setup>, count: number, from = 0, call = 0) {
  const pipe = harness.source.pipe(call);
  for (let i = from; i < from + count; i++) pipe.write(wire(i * 10, `task${(i % 3) + 1}`, `message ${i}`));
  await settle();
}

describe('LogScreen', () => {
  it('asks for the last lines of each task and shows them with task prefixes, following', async () => {
    const harness = setup();
    await settle();
    expect(harness.source.calls[0]!.options).toMatchObject({follow: true, tail: 200, timestamps: true, details: true});
    await feed(harness, 12);
    expect(harness.shown(3)).toEqual(['web.1@node1   message 9', 'web.2@node1   message 10', 'web.3@node1   message 11']);
    expect(harness.screen.frame('', 80, 3).summary).toMatch(/^streaming · 12 lines · last 200 · following/);
    harness.screen.dispose();
  });

  it('pauses when scrolled up, holds still while lines arrive, and G follows again', async () => {
    const harness = setup();
    await settle();
    await feed(harness, 12);
    harness.shown(3);
    harness.act({type: 'move', by: -2});
    expect(harness.screen.view.follow).toBe(false);
    const paused = harness.shown(3);
    expect(paused.map(text => text.split(/ {2,}/)[1])).toEqual(['message 7', 'message 8', 'message 9']);
    await feed(harness, 5, 12);
    expect(harness.shown(3)).toEqual(paused);
    expect(harness.screen.frame('', 80, 3).summary).toContain('paused, 7 newer below — G follows');
    harness.act({type: 'bottom'});
    expect(harness.shown(3).at(-1)).toContain('message 16');
    harness.act({type: 'top'});
    expect(harness.shown(3)[0]).toContain('message 0');
    harness.command('follow');
    expect(harness.screen.view.follow).toBe(true);
    harness.screen.dispose();
  });

  it('toggles timestamps, prefixes and wrap', async () => {
    const harness = setup();
    await settle();
    await feed(harness, 1);
    harness.command('timestamps');
    expect(harness.shown(1)[0]).toMatch(/^2025-06-02T09:00:00\.000Z web\.1@node1 {3}message 0$/);
    harness.command('prefixes');
    expect(harness.shown(1)[0]).toMatch(/^2025-06-02T09:00:00\.000Z {3}message 0$/);
    harness.command('timestamps');
    harness.command('prefixes');
    harness.source.pipe(0).write(wire(20, 'task1', 'x'.repeat(150)));
    await settle();
    expect(harness.screen.frame('', 80, 5).rows).toHaveLength(2);
    harness.command('wrap');
    expect(harness.screen.frame('', 80, 5).rows).toHaveLength(4);
    harness.screen.dispose();
  });

  it('filters with / and steps through matches with n and N', async () => {
    const harness = setup();
    await settle();
    await feed(harness, 30);
    harness.setFilter('message 1');
    const frame = harness.screen.frame('message 1', 80, 5);
    expect(frame.shown).toBe(11);
    expect(frame.summary).toContain('11 of 30 lines match');
    harness.command('next');
    const first = harness.screen.view.matchSeq;
    expect(first).toBeDefined();
    harness.command('next');
    expect(harness.screen.view.matchSeq).toBeGreaterThan(first!);
    harness.command('previous');
    expect(harness.screen.view.matchSeq).toBe(first);
    harness.setFilter('');
    harness.command('next');
    expect(harness.ui.getState().flash?.text).toMatch(/press \/ first/);
    harness.screen.dispose();
  });

  it('cycles time windows by reopening the stream from that time', async () => {
    const harness = setup();
    await settle();
    await feed(harness, 3);
    harness.command('window');
    await settle();
    expect(harness.source.calls).toHaveLength(2);
    expect(harness.source.calls[1]!.options.since).toBeCloseTo((T0 + 60_000) / 1000 - 60, 3);
    expect(harness.source.calls[1]!.options.tail).toBeUndefined();
    expect(harness.shown()).toEqual([]);
    expect(harness.screen.frame('', 80, 3).summary).toContain('since 1m');
    harness.screen.dispose();
  });

  it('redraws a flood at most once per interval, and keeps memory to the buffer size', async () => {
    const harness = setup({capacity: 500, renderIntervalMs: 100});
    await settle();
    let renders = 0;
    harness.screen.subscribe(() => renders++);
    await feed(harness, 5000);
    expect(renders).toBe(0);
    await harness.timers.advance(100);
    expect(renders).toBe(1);
    const frame = harness.screen.frame('', 80, 3);
    expect(frame.kept).toBe(500);
    expect(frame.summary).toContain('500 lines (oldest dropped: keeps 500; 5000 received)');
    harness.screen.dispose();
  });

  it('says so when the service is removed', async () => {
    const timers = new FakeTimers();
    const source = new FakeLoggable([{error: engineError(404, 'service svc1 not found')}]);
    const harness = setup({source, timers});
    await settle();
    const frame = harness.screen.frame('', 80, 3);
    expect(frame.summary).toMatch(/^ended: removed/);
    expect(frame.error).toMatch(/service removed: .*not found — nothing more will come/);
    harness.screen.dispose();
  });

  it('saves the lines shown to a new file and never overwrites one', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'swarmtop-save-'));
    const harness = setup({saveDirectory: directory});
    await settle();
    await feed(harness, 2);
    harness.source.pipe(0).write(wire(30, 'task2', 'bad \u001b[2J'), 'stderr');
    await settle();
    harness.command('save');
    const dialog = harness.ui.getState().dialog;
    expect(dialog?.kind).toBe('form');
    for (let i = 0; i < 200; i++) dialogKey(harness.ui, 'backspace', '');
    for (const char of 'out.log') dialogKey(harness.ui, char, char);
    dialogKey(harness.ui, 'enter', '\r');
    const file = path.join(directory, 'out.log');
    expect(fs.readFileSync(file, 'utf8')).toBe(
      [
        `2025-06-02T09:00:00.000000000Z web.1@node1 message 0`,
        `2025-06-02T09:00:00.010000000Z web.2@node1 message 1`,
        `2025-06-02T09:00:00.030000000Z web.2@node1 [stderr] bad \u001b[2J`,
        '',
      ].join('\n'),
    );
    expect(harness.ui.getState().flash?.text).toBe(`saved 3 lines to ${file}`);
    // Again to the same name: refused, the form stays open, the file is untouched.
    harness.command('save');
    for (let i = 0; i < 200; i++) dialogKey(harness.ui, 'backspace', '');
    for (const char of 'out.log') dialogKey(harness.ui, char, char);
    fs.writeFileSync(file, 'keep me');
    dialogKey(harness.ui, 'enter', '\r');
    const open = harness.ui.getState().dialog;
    expect(open?.kind === 'form' && open.fields[0]!.error).toMatch(/already exists: choose another name/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    harness.screen.dispose();
    fs.rmSync(directory, {recursive: true});
  });
});
