import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {type ContextHost, openContexts} from '../../source/app/contexts.js';
import {listDockerContexts} from '../../source/docker/contexts.js';
import {topFrame} from '../../source/shell/navigation.js';
import {createUiStore} from '../../source/shell/ui-store.js';

function dockerConfig(contexts: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-ctx-unit-'));
  for (const [name, meta] of Object.entries(contexts)) {
    const metaDir = path.join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(metaDir, {recursive: true});
    writeFileSync(path.join(metaDir, 'meta.json'), typeof meta === 'string' ? meta : JSON.stringify(meta));
  }
  return dir;
}

describe('docker contexts', () => {
  it('lists default first, then the rest by name, each with its endpoint; one without an endpoint says why', () => {
    const dir = dockerConfig({
      prod: {Name: 'prod', Metadata: {Description: 'the real one'}, Endpoints: {docker: {Host: 'tcp://10.0.0.1:2376'}}},
      lab: {Name: 'lab', Metadata: {}, Endpoints: {docker: {Host: 'unix:///run/stlab/node1.sock'}}},
      empty: {Name: 'empty', Metadata: {}, Endpoints: {}},
    });
    const entries = listDockerContexts({DOCKER_CONFIG: dir}, '/home/nobody');
    expect(entries.map(entry => entry.name)).toEqual(['default', 'empty', 'lab', 'prod']);
    expect(entries[0]).toMatchObject({endpoint: 'unix:///var/run/docker.sock', usable: true});
    expect(entries[2]).toMatchObject({endpoint: 'unix:///run/stlab/node1.sock', usable: true});
    expect(entries[3]).toMatchObject({endpoint: 'tcp://10.0.0.1:2376', description: 'the real one'});
    expect(entries[1]!.usable).toBe(false);
    expect(entries[1]!.endpoint).toMatch(/has no docker endpoint host/);
  });
});

describe(':ctx', () => {
  const host = (outcome: (name: string) => Promise<{endpoint: string}>): ContextHost & {asked: string[]} => {
    const asked: string[] = [];
    return {
      asked,
      list: () => [
        {name: 'default', endpoint: 'unix:///var/run/docker.sock', usable: true, description: ''},
        {name: 'lab', endpoint: 'unix:///run/stlab/node1.sock', usable: true, description: ''},
      ],
      current: () => 'default',
      switchTo: name => {
        asked.push(name);
        return outcome(name);
      },
    };
  };

  it('switches to the selected context and keeps the pane and its filter', async () => {
    const ui = createUiStore('nodes');
    ui.setState(state => ({stack: [{...state.stack[0]!, filter: 'node'}]}));
    const switching = host(async () => ({endpoint: 'unix:///run/stlab/node1.sock (context "lab" (:ctx))'}));
    openContexts(ui, switching);
    const screen = topFrame(ui.getState().stack).screen!;
    expect(screen.title()).toBe('contexts');
    const env = {ui, pageSize: 5, filter: '', readOnly: false};
    screen.act({type: 'move', by: 1}, env);
    screen.act({type: 'screen', command: 'switch'}, env);
    await Promise.resolve();
    await Promise.resolve();
    expect(switching.asked).toEqual(['lab']);
    expect(ui.getState().stack).toHaveLength(1);
    expect(topFrame(ui.getState().stack)).toMatchObject({view: 'nodes', filter: 'node'});
    expect(topFrame(ui.getState().stack).screen).toBeUndefined();
    expect(ui.getState().flash).toMatchObject({text: 'now on context lab: unix:///run/stlab/node1.sock (context "lab" (:ctx))', tone: 'ok'});
  });

  it('changes nothing when the context cannot be reached, and says why in full', async () => {
    const ui = createUiStore('services');
    openContexts(
      ui,
      host(async () => {
        throw new Error('Cannot connect to the Docker engine at unix:///nope.sock: no such file');
      }),
    );
    const screen = topFrame(ui.getState().stack).screen!;
    screen.act({type: 'screen', command: 'switch'}, {ui, pageSize: 5, filter: '', readOnly: false});
    await Promise.resolve();
    await Promise.resolve();
    expect(topFrame(ui.getState().stack).screen).toBe(screen);
    expect(ui.getState().flash).toMatchObject({
      text: 'cannot switch to context default: Cannot connect to the Docker engine at unix:///nope.sock: no such file',
      tone: 'error',
    });
  });
});
