import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {indexSnapshot} from '../../../source/model/cluster-index.js';
import {describeConfig, describeNetwork, describeNode, describeSecret, describeService, describeTask} from '../../../source/render/describe.js';
import {caExpiry, joinCommand, maskToken, swarmLines} from '../../../source/render/swarm.js';
import {yamlLines} from '../../../source/render/yaml.js';
import {clampOffset, highlightParts, layoutRows, matchingRows, nextMatch} from '../../../source/views/document/document-lines.js';
import {objectsSnapshot, recordedAt} from '../../support/fixtures.js';

const snapshot = objectsSnapshot();
const index = indexSnapshot(snapshot);
const service = (name: string) => snapshot.services.find(candidate => candidate.Spec.Name === name)!;

describe('describe', () => {
  it('summarises a service: mode, replicas, placement, update/rollback, image, ports, mounts, networks, resources, secrets, configs', () => {
    const text = describeService(service('api'), snapshot, index).join('\n');
    expect(text).toMatch(/^Name:\s+api$/m);
    expect(text).toMatch(/^Mode:\s+Replicated$/m);
    expect(text).toMatch(/^Replicas:\s+1$/m);
    expect(text).toMatch(/^Tasks:\s+1 running of 1 desired$/m);
    expect(text).toContain('Placement:\n  (no constraints: any node)');
    expect(text).toContain('UpdateConfig:\n');
    expect(text).toContain('RollbackConfig:\n');
    expect(text).toMatch(/Image:\s+lab\/busybox:1/);
    expect(text).toContain('Env:\n    MODE=production');
    expect(text).toContain('Ports:\n  8080 → 80/tcp, publish mode ingress');
    expect(text).toContain('Mounts:\n  (none)');
    expect(text).toContain('Networks:\n  appnet');
    expect(text).toContain('Resources:\n  (no limits or reservations)');
    expect(text).toContain('Secrets:\n  db-password → db-password');
    expect(text).toContain('Configs:\n  nginx-conf → /etc/nginx.conf');
  });

  it('names the stack, the network aliases and update settings when there are some', () => {
    const front = structuredClone(service('shop_front'));
    front.Spec.UpdateConfig = {Parallelism: 2, Delay: 10e9, FailureAction: 'rollback', Order: 'start-first'};
    front.Spec.TaskTemplate.Placement = {Constraints: ['node.role==worker']};
    const text = describeService(front, snapshot, index).join('\n');
    expect(text).toMatch(/^Stack:\s+shop$/m);
    expect(text).toContain('shop_back (aliases: front)');
    expect(text).toMatch(/UpdateConfig:\n {2}Parallelism:\s+2\n {2}Delay:\s+10s\n {2}On failure:\s+rollback\n {2}Update order:\s+start-first/);
    expect(text).toContain('Constraint: node.role==worker');
  });

  it('summarises a node, a task, a network and a secret', () => {
    const node1 = snapshot.nodes.find(node => node.Description?.Hostname === 'node1')!;
    expect(describeNode(node1, index).join('\n')).toMatch(/Manager Status:\n {2}Address:\s+\S+:2377\n {2}Raft Status:\s+reachable\n {2}Leader:\s+Yes/);
    const task = snapshot.tasks.find(candidate => candidate.ServiceID === service('api').ID)!;
    expect(describeTask(task, index).join('\n')).toMatch(/^Service:\s+api$/m);
    const appnet = snapshot.networks!.find(network => network.Name === 'appnet')!;
    const network = describeNetwork(appnet, snapshot).join('\n');
    expect(network).toMatch(/^Subnet:\s+10\.77\.0\.0\/24$/m);
    expect(network).toContain('Services:\n  api');
    const secret = describeSecret(
      snapshot.secrets!.find(candidate => candidate.Spec.Name === 'db-password')!,
      snapshot,
    ).join('\n');
    expect(secret).toContain('Services:\n  api');
    expect(secret).toContain("never returns a secret's value");
  });

  it("decodes a config's content, and flags control characters in it", () => {
    const nginx = describeConfig(
      snapshot.configs!.find(config => config.Spec.Name === 'nginx-conf')!,
      snapshot,
    );
    expect(nginx.slice(-3)).toEqual(['server {', '\tlisten 80;', '}']);
    const weird = describeConfig(
      snapshot.configs!.find(config => config.Spec.Name === 'weird-conf')!,
      snapshot,
    );
    expect(weird.join('\n')).toContain('holds control characters');
    // the raw line keeps the ESC: the document screen makes it inert when drawing
    expect(layoutRows(weird, 80).map(row => row.text)).toContain('title ^[]0;pwned^G');
  });
});

describe('yaml', () => {
  it('renders the raw object, which parses back to the same object', () => {
    const api = service('api');
    const lines = yamlLines(api);
    expect(lines).toContain('ID: ' + api.ID);
    expect(parse(lines.join('\n'))).toEqual(api);
  });
});

describe('the swarm pane', () => {
  const now = recordedAt(snapshot);

  it('shows settings, CA expiry, autolock, managers with quorum, and masked join commands', () => {
    const text = swarmLines(snapshot.swarm, snapshot.nodes, {now, revealTokens: false, revealKey: 'x'}).join('\n');
    expect(text).toMatch(new RegExp(`ID:\\s+${snapshot.swarm!.ID}`));
    expect(text).toMatch(/Task history retention limit:\s+5/);
    expect(text).toMatch(/Election tick:\s+10/);
    expect(text).toMatch(/Heartbeat period:\s+5s/);
    expect(text).toMatch(/Root CA certificate expires:\s+20\d\d-/);
    expect(text).toMatch(/Autolock managers:\s+off/);
    expect(text).toContain('Managers: 1 of 1 reachable · quorum 1 of 1 · tolerates 0 manager failures');
    expect(text).toMatch(/node1\s+Leader\s+\S+:2377/);
    expect(text).toContain('Join commands (tokens hidden: x reveals them)');
    expect(text).not.toContain(snapshot.swarm!.JoinTokens!.Worker!);
    expect(text).not.toContain(snapshot.swarm!.JoinTokens!.Manager!);
  });

  it('reveals the tokens on request, in full join commands', () => {
    const text = swarmLines(snapshot.swarm, snapshot.nodes, {now, revealTokens: true}).join('\n');
    const address = snapshot.nodes.find(node => node.ManagerStatus?.Leader)!.ManagerStatus!.Addr;
    expect(text).toContain(`worker:  docker swarm join --token ${snapshot.swarm!.JoinTokens!.Worker} ${address}`);
    expect(text).toContain(`manager: docker swarm join --token ${snapshot.swarm!.JoinTokens!.Manager} ${address}`);
  });

  it('counts quorum and fault tolerance from the managers', () => {
    const managers = [1, 2, 3].map(n => ({
      ...snapshot.nodes[0]!,
      ID: `m${n}`,
      Description: {Hostname: `m${n}`},
      Spec: {...snapshot.nodes[0]!.Spec, Role: 'manager' as const},
      ManagerStatus: {Leader: n === 1, Reachability: (n === 3 ? 'unreachable' : 'reachable') as 'reachable', Addr: `10.0.0.${n}:2377`},
    }));
    const text = swarmLines(snapshot.swarm, managers, {now, revealTokens: false}).join('\n');
    expect(text).toContain('Managers: 2 of 3 reachable · quorum 2 of 3 · tolerates 1 manager failure');
    expect(text).toMatch(/m3\s+Unreachable/);
  });

  it('reads the CA expiry from the PEM, and masks tokens whatever their shape', () => {
    expect(caExpiry(snapshot.swarm!.TLSInfo!.TrustRoot)!.getTime()).toBeGreaterThan(now);
    expect(caExpiry('not a certificate')).toBeUndefined();
    expect(maskToken('SWMTKN-1-abc-def')).toBe('SWMTKN-1-••••••••••••');
    expect(joinCommand(undefined, 'a:1', true)).toContain('no token');
  });
});

describe('document lines', () => {
  it('wraps long lines, makes them inert, finds and highlights matches', () => {
    const rows = layoutRows(['abcdefghij', 'x\u001b[2Jy', 'tab\there'], 4);
    expect(rows.map(row => row.text)).toEqual(['abcd', 'efgh', 'ij', 'x^[[', '2Jy', 'tab ', '   h', 'ere']);
    expect(matchingRows(rows, 'EF')).toEqual([1]);
    expect(nextMatch([1, 5], 1)).toBe(5);
    expect(nextMatch([1, 5], 5)).toBe(1);
    expect(nextMatch([1, 5], 1, true)).toBe(5);
    expect(nextMatch([], 0)).toBeUndefined();
    expect(clampOffset(10, 8, 5)).toBe(3);
    expect(clampOffset(-1, 8, 5)).toBe(0);
    expect(highlightParts('a web Web', 'web')).toEqual([
      {text: 'a ', match: false},
      {text: 'web', match: true},
      {text: ' ', match: false},
      {text: 'Web', match: true},
    ]);
  });
});
