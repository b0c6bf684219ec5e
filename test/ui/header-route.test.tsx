import {afterEach, describe, expect, it} from 'vitest';
import {Header} from '../../source/ui/Header.js';
import {display} from '../../source/render/text.js';
import {renderTui, type Tui} from './render.js';

let tui: Tui | undefined;
afterEach(() => {
  tui?.unmount();
  tui = undefined;
});

describe('the header after a manager failover', () => {
  const base = {
    endpoint: display`ssh://mgr1 (--host flag)`,
    engineVersion: display`27.5.1`,
    apiVersion: display`1.47`,
    link: {status: 'ok' as const, failures: 0},
  };

  it('names the manager in use and the one lost, and the endpoint now in use', async () => {
    tui = renderTui(<Header {...base} route={{via: 'node2', lost: 'node1', endpoint: 'ssh://node2 (manager node2 of the swarm)'}} />);
    await tui.settle();
    const text = tui.screen();
    expect(text).toContain('via node2 — node1 lost');
    expect(text).toContain('ssh://node2 (manager node2 of the swarm)');
    expect(text).not.toContain('ssh://mgr1 (--host flag)');
  });

  it('says nothing of it before any failover', async () => {
    tui = renderTui(<Header {...base} />);
    await tui.settle();
    expect(tui.screen()).not.toContain('lost');
    expect(tui.screen()).toContain('ssh://mgr1 (--host flag)');
  });
});
