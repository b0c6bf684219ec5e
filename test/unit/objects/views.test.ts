import {describe, expect, it} from 'vitest';
import {newFrame} from '../../../source/shell/navigation.js';
import {indexSnapshot} from '../../../source/model/cluster-index.js';
import {objectUsers} from '../../../source/model/object-users.js';
import {type RenderContext, renderCells} from '../../../source/render/columns.js';
import {networkColumns} from '../../../source/render/networks.js';
import {storedObjectColumns} from '../../../source/render/secrets.js';
import {stackColumns} from '../../../source/render/stacks.js';
import {listRows} from '../../../source/views/panes/pane.js';
import {panes as viewSpecs} from '../../../source/views/panes/registry.js';
import {objectsSnapshot, recordedAt} from '../../support/fixtures.js';

const snapshot = objectsSnapshot();
const ctx: RenderContext = {now: recordedAt(snapshot), index: indexSnapshot(snapshot)};
const texts = <T>(columns: Parameters<typeof renderCells<T>>[0], item: T) => renderCells(columns, item, ctx).map(cell => cell.text);

describe('stacks', () => {
  it('groups services by the stack namespace label, with tasks and networks', () => {
    const [shop, ...others] = objectUsers(snapshot).stacks;
    expect(others).toEqual([]);
    expect(shop!.name).toBe('shop');
    expect(shop!.services.map(service => service.Spec.Name)).toEqual(['shop_front', 'shop_worker']);
    expect(shop!.secrets.map(secret => secret.Spec.Name)).toEqual(['shop_app_key']);
    expect(shop!.configs.map(config => config.Spec.Name)).toEqual(['shop_app_conf']);
    expect(texts(stackColumns, shop!)).toEqual(['shop', '2', '3/3', 'shop_back']);
  });

  it('drills into the services of the stack only', () => {
    const stack = listRows(viewSpecs.stacks, snapshot, newFrame('stacks'))[0];
    const frame = viewSpecs.stacks.drill!(stack, ctx.index)!;
    expect(frame).toMatchObject({view: 'services', scope: {stack: 'shop'}});
    const services = listRows(viewSpecs.services, snapshot, frame);
    expect(services.map(service => service.Spec.Name)).toEqual(['shop_front', 'shop_worker']);
    expect(viewSpecs.services.crumb(frame, ctx.index)).toBe('services of stack shop');
    expect(listRows(viewSpecs.services, snapshot, newFrame('services'))).toHaveLength(3);
  });
});

describe('networks', () => {
  it('shows driver, scope, subnet, flags and the services attached', () => {
    const rows = listRows(viewSpecs.networks, snapshot, newFrame('networks'));
    const byName = Object.fromEntries(rows.map(row => [row.network.Name, texts(networkColumns, row).slice(1)]));
    expect(byName['appnet']).toEqual(['appnet', 'overlay', 'swarm', '10.77.0.0/24', 'attachable', 'api']);
    expect(byName['shop_back']?.[5]).toBe('shop_front, shop_worker');
    // the published port puts api on the ingress network (a VIP there)
    expect(byName['ingress']?.slice(4)).toEqual(['ingress', 'api']);
    expect(byName['bridge']?.slice(1, 3)).toEqual(['bridge', 'local']);
  });
});

describe('secrets and configs', () => {
  it('list names, ages and users, and nothing of the content', () => {
    const secrets = listRows(viewSpecs.secrets, snapshot, newFrame('secrets'));
    const secretRows = secrets.map(row => texts(storedObjectColumns(), row));
    expect(secretRows.map(row => [row[1], row[4]])).toEqual([
      ['db-password', 'api'],
      ['shop_app_key', 'shop_front'],
    ]);
    const configs = listRows(viewSpecs.configs, snapshot, newFrame('configs'));
    const configRows = configs.map(row => texts(storedObjectColumns(), row));
    expect(configRows.map(row => [row[1], row[4]])).toEqual([
      ['nginx-conf', 'api'],
      ['shop_app_conf', 'shop_front'],
      ['weird-conf', ''],
    ]);
    expect(configRows.flat().join(' ')).not.toContain('listen');
  });

  it('filters by user as well as by name', () => {
    const rows = listRows(viewSpecs.configs, snapshot, {...newFrame('configs'), filter: 'shop_front'});
    expect(rows.map(row => row.object.Spec.Name)).toEqual(['shop_app_conf']);
  });
});

describe('reading the extra lists', () => {
  it('a refused list costs only its own pane, which says why', async () => {
    const {readSnapshot} = await import('../../../source/docker/client.js');
    const {recordingClient, engineError} = await import('../../support/fake-client.js');
    const {client} = recordingClient(snapshot);
    const read = await readSnapshot({
      ...client,
      networks: {list: async () => snapshot.networks!},
      secrets: {list: async () => Promise.reject(engineError(403, 'access to /secrets is forbidden by the proxy'))},
      configs: {list: async () => snapshot.configs!},
      swarm: {inspect: async () => snapshot.swarm!},
    });
    expect(read.services).toHaveLength(3);
    expect(read.networks).toHaveLength(snapshot.networks!.length);
    expect(read.secrets).toBeUndefined();
    expect(read.unreadable).toEqual({secrets: expect.stringContaining('access to /secrets is forbidden by the proxy')});
    expect(viewSpecs.secrets.unreadable!(read)).toContain('forbidden');
    expect(viewSpecs.networks.unreadable!(read)).toBeUndefined();
  });
});
