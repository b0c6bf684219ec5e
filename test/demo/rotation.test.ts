// Secrets and configs written through swarmtop's own client against the demo
// engine: created, rotated (every user moved to .v2 at the same target, the old
// one removed) and removed only when unused, as the real engine does.

import Dockerode from 'dockerode';
import {afterEach, describe, expect, it} from 'vitest';
import {carryOutRotation} from '../../source/app/rotate.js';
import {readSnapshot, swarmClient} from '../../source/docker/client.js';
import {type DemoEngine, startDemoEngine} from '../../source/demo/engine.js';
import {rotationPlan} from '../../source/model/stored-versions.js';

let engine: DemoEngine | undefined;

afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

async function demo() {
  engine = await startDemoEngine({size: 'small', realtime: false, autopilot: false, seed: 7});
  return {engine, client: swarmClient(new Dockerode({socketPath: engine.socketPath}))};
}

const references = (engine: DemoEngine, service: string) =>
  (engine.swarm.service(service).api.Spec.TaskTemplate.ContainerSpec.Secrets ?? []).map(
    ref => `${ref.SecretName} ${ref.File.Name} ${ref.File.Mode.toString(8)}`,
  );

describe('secrets and configs on the demo engine', () => {
  it('rotates the shared database password: both services move to .v2 at their targets and the old one goes', async () => {
    const {engine, client} = await demo();
    expect(references(engine, 'shop_api')).toEqual(['shop_pg_password db_password 444']);
    expect(references(engine, 'shop_postgres')).toEqual(['shop_pg_password pg_password 444']);
    const snapshot = await readSnapshot(client);
    const object = snapshot.secrets!.find(secret => secret.Spec.Name === 'shop_pg_password')!;
    const plan = rotationPlan(snapshot, {kind: 'secret', object});
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.services.map(service => service.name)).toEqual(['shop_api', 'shop_postgres']);

    const updating: string[] = [];
    const outcome = await carryOutRotation(client, plan.value, Buffer.from('new-password'), {
      progress: () => {},
      updating: id => updating.push(id),
      refresh: () => {},
      // The simulation moves on between reads of a rollout instead of the wall clock.
      sleep: async () => engine.swarm.tick(2000),
    });
    expect(outcome).toEqual({
      ok: true,
      text: 'secret shop_pg_password rotated to shop_pg_password.v2: shop_api, shop_postgres now use it; shop_pg_password removed',
    });
    expect(updating).toEqual(plan.value.services.map(service => service.id));
    expect(references(engine, 'shop_api')).toEqual(['shop_pg_password.v2 db_password 444']);
    expect(references(engine, 'shop_postgres')).toEqual(['shop_pg_password.v2 pg_password 444']);
    expect(engine.swarm.stored.list('secret').map(record => record.Spec.Name)).not.toContain('shop_pg_password');
    const created = engine.swarm.stored.byName('secret', 'shop_pg_password.v2')!;
    expect(created.data.toString()).toBe('new-password');
    expect(created.Spec.Labels).toEqual({'com.docker.stack.namespace': 'shop'});
    // Every running task of both was replaced by one made with the new version.
    for (const service of ['shop_api', 'shop_postgres']) {
      const running = engine.swarm.activeTasks(service).filter(task => task.Status.State === 'running');
      expect(running.length).toBeGreaterThan(0);
      for (const task of running) expect(task.Spec.ContainerSpec.Secrets?.[0]?.SecretID).toBe(created.ID);
    }
  });

  it("rotates a config the same way, the editor opening on the current content, at the config's own target", async () => {
    const {engine, client} = await demo();
    const snapshot = await readSnapshot(client);
    const object = snapshot.configs!.find(config => config.Spec.Name === 'shop_nginx_conf')!;
    const plan = rotationPlan(snapshot, {kind: 'config', object});
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.uses.map(use => `${use.serviceName} ${use.target}`)).toEqual(['shop_web /etc/nginx/conf.d/default.conf']);
    const outcome = await carryOutRotation(client, plan.value, Buffer.from('server { listen 81; }\n'), {
      progress: () => {},
      updating: () => {},
      refresh: () => {},
      sleep: async () => engine.swarm.tick(2000),
    });
    expect(outcome).toEqual({ok: true, text: 'config shop_nginx_conf rotated to shop_nginx_conf.v2: shop_web now uses it; shop_nginx_conf removed'});
    const configs = engine.swarm.service('shop_web').api.Spec.TaskTemplate.ContainerSpec.Configs ?? [];
    expect(configs.map(ref => `${ref.ConfigName} ${ref.File.Name}`)).toEqual(['shop_nginx_conf.v2 /etc/nginx/conf.d/default.conf']);
    expect(engine.swarm.stored.byName('config', 'shop_nginx_conf.v2')!.data.toString()).toBe('server { listen 81; }\n');
    expect(engine.swarm.stored.byName('config', 'shop_nginx_conf')).toBeUndefined();
  });

  it('creates, refuses to remove one in use (naming its users), and removes one unused', async () => {
    const {engine, client} = await demo();
    const content = Buffer.from('hello');
    const id = await client.secrets!.create({Name: 'made_here', Labels: {team: 'db'}}, content);
    expect([...content]).toEqual([0, 0, 0, 0, 0]);
    expect(engine.swarm.stored.find('secret', id).Spec).toEqual({Name: 'made_here', Labels: {team: 'db'}});
    const listed = (await client.secrets!.list()).find(secret => secret.ID === id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(Buffer.from('hello').toString('base64'));
    await expect(client.secrets!.create({Name: 'made_here'}, Buffer.from('x'))).rejects.toThrow(/already exists/);
    await expect(client.secrets!.create({Name: 'bad/name'}, Buffer.from('x'))).rejects.toThrow(/nothing was sent/);

    const used = engine.swarm.stored.byName('secret', 'shop_pg_password')!;
    await expect(client.secrets!.remove(used.ID)).rejects.toThrow(/in use by the following services: shop_api, shop_postgres/);
    await client.secrets!.remove(id);
    expect(engine.swarm.stored.list('secret').map(record => record.ID)).not.toContain(id);

    const config = engine.swarm.stored.byName('config', 'shop_nginx_conf')!;
    expect((await client.configs!.list()).find(listedConfig => listedConfig.ID === config.ID)?.Spec.Data).toBe(
      Buffer.from('server { listen 80; }\n').toString('base64'),
    );
    await expect(client.configs!.remove('not-an-id')).rejects.toThrow(/refused config ID/);
  });
});
