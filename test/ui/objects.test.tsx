import {describe, expect, it} from 'vitest';
import {objectsSnapshot, recordedAt} from '../support/fixtures.js';
import {ENTER, ESC, mountApp} from './mount.js';

const snapshot = objectsSnapshot();
const mount = (options: Parameters<typeof mountApp>[1] = {}) => mountApp(snapshot, {now: recordedAt(snapshot), ...options});

async function command(m: ReturnType<typeof mount>, text: string) {
  await m.press(':', text, ENTER);
}

describe('the swarm object panes', () => {
  it(':stacks lists stacks; Enter shows its services, Enter again their tasks, Esc back', async () => {
    const m = mount();
    await command(m, 'stacks');
    expect(m.screen()).toMatch(/NAME\s+SERVICES\s+TASKS\s+NETWORKS/);
    expect(m.screen()).toMatch(/shop\s+2\s+3\/3\s+shop_back/);
    await m.press(ENTER);
    expect(m.screen()).toContain('stacks › services of stack shop');
    expect(m.screen()).toContain('shop_front');
    expect(m.screen()).not.toMatch(/\bapi\b/);
    await m.press(ENTER);
    expect(m.screen()).toContain('services of stack shop › tasks of shop_front');
    await m.press(ESC, ESC);
    expect(m.screen()).toMatch(/shop\s+2\s+3\/3/);
  });

  it(':net lists networks with the services attached', async () => {
    const m = mount();
    await command(m, 'net');
    expect(m.screen()).toMatch(/appnet\s+overlay\s+swarm\s+10\.77\.0\.0\/24\s+attachable\s+api/);
    expect(m.screen()).toMatch(/shop_back\s+overlay\s+swarm\s+\S+\s+shop_front, shop_worker/);
  });

  it(':secrets and :configs list their users', async () => {
    const m = mount();
    await command(m, 'secrets');
    expect(m.screen()).toMatch(/db-password\s+\d+\w\s+\d+\w\s+api/);
    await command(m, 'configs');
    expect(m.screen()).toMatch(/nginx-conf\s+\d+\w\s+\d+\w\s+api/);
    expect(m.screen()).not.toContain('listen');
  });
});
