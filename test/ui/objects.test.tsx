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

describe('describe, YAML and the swarm pane', () => {
  it('d describes the selected service; Esc returns to the table', async () => {
    const m = mount();
    await m.press('/', 'api', ENTER, 'd');
    expect(m.screen()).toContain('services › describe service api');
    expect(m.screen()).toMatch(/Name:\s+api/);
    await m.press('G');
    expect(m.screen()).toContain('nginx-conf → /etc/nginx.conf');
    await m.press(ESC);
    expect(m.screen()).toMatch(/NAME\s+MODE\s+REPLICAS/);
  });

  it('y shows the YAML; / searches it and n jumps to the next match', async () => {
    const m = mount();
    await m.press('/', 'api', ENTER, 'y');
    expect(m.screen()).toContain('yaml of service api');
    expect(m.screen()).toContain('Name: api');
    await m.press('/', 'PublishMode', ENTER);
    expect(m.screen()).toMatch(/PublishMode: ingress/);
    expect(m.screen()).toMatch(/(1 row matches|\d+ rows match) \/PublishMode/);
    await m.press('g');
    expect(m.screen()).toContain('ID: ');
    await m.press('n');
    expect(m.screen()).toMatch(/PublishMode: ingress/);
  });

  it("d on a config shows its content inert; the secret's never", async () => {
    const m = mount();
    await command(m, 'configs');
    await m.press('/', 'weird', ENTER, 'd');
    expect(m.screen()).toContain('title ^[]0;pwned^G');
    expect(m.screen()).not.toContain('\u001b]0;');
    await m.press(ESC, ESC);
    await command(m, 'secrets');
    await m.press('d');
    expect(m.screen()).toContain("never returns a secret's value");
  });

  it(':swarm shows the cluster; x reveals the join tokens', async () => {
    const m = mount();
    await command(m, 'swarm');
    expect(m.screen()).toContain('swarm');
    await m.press('/', 'Join', ENTER);
    expect(m.screen()).toContain('docker swarm join --token SWMTKN-1-••••');
    expect(m.screen()).not.toContain(snapshot.swarm!.JoinTokens!.Worker!);
    await m.press('x');
    expect(m.screen()).toContain(snapshot.swarm!.JoinTokens!.Worker!.slice(0, 40));
  });

  it('read-only: no reveal key, and x is refused', async () => {
    const m = mount({readOnly: true});
    await command(m, 'swarm');
    await m.press('/', 'Join', ENTER);
    expect(m.screen()).toContain('Join commands (tokens hidden)');
    await m.press('x');
    expect(m.screen()).not.toContain(snapshot.swarm!.JoinTokens!.Worker!.slice(0, 40));
    expect(m.screen()).toContain('read-only');
    await m.press('?');
    expect(m.screen()).not.toContain('Reveal');
  });
});

describe('removing a stack', () => {
  it('Ctrl-d asks first, naming every service, network, secret and config; y removes exactly those', async () => {
    const m = mount();
    await command(m, 'stacks');
    await m.press('\u0004');
    const text = m.screen();
    expect(text).toContain('Remove stack shop and everything in it? [y/N]');
    expect(text).toContain('services (2): shop_front, shop_worker');
    expect(text).toContain('networks (1): shop_back');
    expect(text).toContain('secrets (1): shop_app_key');
    expect(text).toContain('configs (1): shop_app_conf');
    expect(m.calls).toEqual([]);
    await m.press('y');
    const id = (name: string) => snapshot.services.find(service => service.Spec.Name === name)!.ID;
    expect(m.calls).toEqual([
      {
        method: 'stacks.removeStack',
        args: [
          {
            services: [id('shop_front'), id('shop_worker')],
            networks: [snapshot.networks!.find(network => network.Name === 'shop_back')!.Id],
            secrets: [snapshot.secrets!.find(secret => secret.Spec.Name === 'shop_app_key')!.ID],
            configs: [snapshot.configs!.find(config => config.Spec.Name === 'shop_app_conf')!.ID],
          },
        ],
      },
    ]);
    expect(m.screen()).toContain('stack shop removed');
  });

  it('N sends nothing; read-only refuses the key', async () => {
    const m = mount();
    await command(m, 'stacks');
    await m.press('\u0004', 'n');
    expect(m.calls).toEqual([]);
    const readOnly = mount({readOnly: true});
    await command(readOnly, 'stacks');
    await readOnly.press('\u0004');
    expect(readOnly.screen()).not.toContain('Remove stack');
    expect(readOnly.calls).toEqual([]);
  });
});

describe('an unreadable list', () => {
  it("shows the engine's reason on its pane; the others are unaffected", async () => {
    const m = mountApp({...snapshot, secrets: undefined, unreadable: {secrets: 'access to /secrets is forbidden by the proxy'}}, {now: recordedAt(snapshot)});
    await command(m, 'secrets');
    expect(m.screen()).toContain('Could not read secrets: access to /secrets is forbidden by the proxy');
    await command(m, 'configs');
    expect(m.screen()).toContain('nginx-conf');
  });
});

describe('a stack as a document', () => {
  it('d lists its services with their tasks, networks, secrets and configs', async () => {
    const m = mount();
    await command(m, 'stacks');
    await m.press('d');
    expect(m.screen()).toContain('stacks › describe stack shop');
    expect(m.screen()).toMatch(/shop_front\s+2\/2\s+lab\/busybox:1/);
    expect(m.screen()).toContain('Networks:\n  shop_back');
    expect(m.screen()).toContain('Secrets:\n  shop_app_key');
  });
});
