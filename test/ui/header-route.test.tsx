import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Header} from '../../source/ui/Header.js';
import {display} from '../../source/render/text.js';

describe('the header after a manager failover', () => {
  const base = {
    endpoint: display`ssh://mgr1 (--host flag)`,
    engineVersion: display`27.5.1`,
    apiVersion: display`1.47`,
    link: {status: 'ok' as const, failures: 0},
  };

  it('names the manager in use and the one lost, and the endpoint now in use', () => {
    const {lastFrame} = render(<Header {...base} route={{via: 'node2', lost: 'node1', endpoint: 'ssh://node2 (manager node2 of the swarm)'}} />);
    const text = lastFrame() ?? '';
    expect(text).toContain('via node2 — node1 lost');
    expect(text).toContain('ssh://node2 (manager node2 of the swarm)');
    expect(text).not.toContain('ssh://mgr1 (--host flag)');
  });

  it('says nothing of it before any failover', () => {
    const {lastFrame} = render(<Header {...base} />);
    expect(lastFrame()).not.toContain('lost');
    expect(lastFrame()).toContain('ssh://mgr1 (--host flag)');
  });
});
