import {describe, expect, it} from 'vitest';
import type {Mount, PortConfig, SecretReference} from '../../source/docker/types.js';
import {rollback} from '../../source/app/operations/rollback.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {changeText, specChanges} from '../../source/model/spec-changes.js';
import {describeService} from '../../source/render/describe.js';
import {rolloutChangeLines} from '../../source/render/last-update.js';
import {pendingSnapshot, serviceNamed} from '../support/fixtures.js';

// web in the explainer's fixtures was updated by `docker service update --image lab/busybox:2
// --env-add MODE=green --replicas 3 --reserve-memory 16MiB` (test/lab/record-pending-fixtures.sh).
const snapshot = pendingSnapshot();
const web = serviceNamed(snapshot, 'web');

describe('what an update changed', () => {
  it('lists each changed field of the recorded update, in words', () => {
    expect(specChanges(web.PreviousSpec, web.Spec).map(changeText)).toEqual([
      'image lab/busybox:1 → lab/busybox:2',
      'env MODE blue → green',
      'replicas 2 → 3',
      '+ memory reserved 16 MiB',
    ]);
  });

  it('treats lists as sets: reordering is no change, members come and go', () => {
    const spec = web.Spec;
    const placed = (constraints: string[]) => ({...spec, TaskTemplate: {...spec.TaskTemplate, Placement: {Constraints: constraints}}});
    expect(specChanges(placed(['a==1', 'b==2']), placed(['b==2', 'a==1']))).toEqual([]);
    expect(specChanges(placed(['a==1']), placed(['b==2'])).map(changeText)).toEqual(['- constraint (was a==1)', '+ constraint b==2']);
  });

  it('says ports, secrets and mounts in words, every field kept so no two members read the same', () => {
    const spec = web.Spec;
    const withPorts = (ports: PortConfig[]) => ({...spec, EndpointSpec: {Ports: ports}});
    expect(
      specChanges(
        withPorts([{Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress'}]),
        withPorts([{Protocol: 'udp', TargetPort: 53, PublishMode: 'host', Name: 'dns'}]),
      ).map(changeText),
    ).toEqual(['- port (was 8080:80/tcp)', '+ port 53/udp (host) {"Name":"dns"}']);
    const withSecrets = (secrets: SecretReference[]) => ({
      ...spec,
      TaskTemplate: {...spec.TaskTemplate, ContainerSpec: {...spec.TaskTemplate.ContainerSpec, Secrets: secrets}},
    });
    const secret = {SecretName: 'db', SecretID: 'abc', File: {Name: 'db', UID: '0', GID: '0', Mode: 292}};
    expect(specChanges(withSecrets([]), withSecrets([secret])).map(changeText)).toEqual(['+ secret db id abc → db (uid 0, gid 0, mode 0444)']);
    expect(specChanges(withSecrets([secret]), withSecrets([{...secret, File: {...secret.File, Mode: 256}}])).map(changeText)).toEqual([
      '- secret (was db id abc → db (uid 0, gid 0, mode 0444))',
      '+ secret db id abc → db (uid 0, gid 0, mode 0400)',
    ]);
    const withMounts = (mounts: Mount[]) => ({
      ...spec,
      TaskTemplate: {...spec.TaskTemplate, ContainerSpec: {...spec.TaskTemplate.ContainerSpec, Mounts: mounts}},
    });
    const mount: Mount = {Type: 'volume', Source: 'data', Target: '/data', ReadOnly: true};
    // A field said in no words still tells two mounts apart.
    expect(specChanges(withMounts([mount]), withMounts([{...mount, VolumeOptions: {NoCopy: true}} as Mount])).map(changeText)).toEqual([
      '- mount (was volume data→/data (ro))',
      '+ mount volume data→/data (ro) {"VolumeOptions":{"NoCopy":true}}',
    ]);
  });

  it('names update settings and durations as the CLI flags do', () => {
    const before = {...web.Spec, UpdateConfig: {Parallelism: 1, Delay: 1e9}};
    const after = {...web.Spec, UpdateConfig: {Parallelism: 2, Delay: 10e9}};
    expect(specChanges(before, after).map(changeText)).toEqual(['update Parallelism 1 → 2', 'update Delay 1s → 10s']);
  });

  it('describe has a Last update section with when it happened', () => {
    const text = describeService(web, snapshot, indexSnapshot(snapshot)).join('\n');
    expect(text).toContain(`Last update:\n  When: ${web.UpdateStatus!.StartedAt} (completed)\n  image lab/busybox:1 → lab/busybox:2\n  env MODE blue → green`);
  });

  it('the rollout view shows the diff, and rollback asks with the reverse diff', () => {
    const lines = rolloutChangeLines(web, 200).map(cells => cells.map(cell => cell.text).join(''));
    expect(lines).toEqual(['changes: image lab/busybox:1 → lab/busybox:2 · env MODE blue → green · replicas 2 → 3 · + memory reserved 16 MiB']);
    expect(rollback.confirm!(web, {} as never)).toMatchObject({
      details: ['image lab/busybox:2 → lab/busybox:1', 'env MODE green → blue', '- memory reserved (was 16 MiB)', 'replicas 3 → 2'],
    });
  });

  it('wraps the rollout diff to the width', () => {
    const lines = rolloutChangeLines(web, 60);
    expect(lines).toHaveLength(2);
    for (const cells of lines) expect(cells.map(cell => cell.text).join('').length).toBeLessThanOrEqual(60);
  });
});
