import {describe, expect, it} from 'vitest';
import {objectsSnapshot, recordedAt} from '../support/fixtures.js';
import {ENTER, mountApp} from './mount.js';

const snapshot = {
  ...objectsSnapshot(),
  setAside: {nodes: {count: 1, reasons: {'no Spec': 1}}, tasks: {count: 2, reasons: {'not an object': 2}}},
};

describe('objects the engine sent that could not be read', () => {
  it('are named above the pane that lists them, and every readable row is still listed', async () => {
    const m = mountApp(snapshot, {view: 'nodes', now: recordedAt(snapshot)});
    await m.press('');
    expect(m.screen()).toContain('1 node unreadable: no Spec');
    for (const node of snapshot.nodes) expect(m.screen()).toContain(node.Description!.Hostname!);
    await m.press(':', 'services', ENTER);
    expect(m.screen()).not.toContain('unreadable');
    await m.press(':', 'tasks', ENTER);
    expect(m.screen()).toContain('2 tasks unreadable: not an object');
  });

  it('are listed in the swarm document', async () => {
    const m = mountApp(snapshot, {view: 'nodes', now: recordedAt(snapshot)});
    await m.press(':', 'swarm', ENTER);
    expect(m.screen()).toContain('Unreadable objects');
    expect(m.screen()).toContain('1 node unreadable: no Spec');
  });
});
