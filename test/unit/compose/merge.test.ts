import {describe, expect, it} from 'vitest';
import {loadCompose} from '../../../source/model/compose/load.js';
import {mergeCompose} from '../../../source/model/compose/merge.js';

function merged(...texts: string[]) {
  return mergeCompose(
    texts.map((text, index) => {
      const loaded = loadCompose(`f${index}.yml`, text, () => undefined);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      return loaded.loaded;
    }),
  );
}

describe('merging -c files as the CLI does', () => {
  const base = `services:
  web:
    image: a
    command: [one, two]
    environment: [A=1, B=2]
    cap_add: [NET_ADMIN]
    secrets: [s1, {source: s2, target: t2}]
    volumes: ["data:/data", "/x:/y"]
    ports: ["80:80"]
    networks: [front]
    deploy: {replicas: 1, labels: {k: v}}
networks:
  front: {driver: overlay, labels: {a: b}}
`;
  const override = `services:
  web:
    image: b
    command: [three]
    environment: {B: "3", C: "4"}
    cap_add: [SYS_TIME]
    secrets: [{source: s2, target: other}]
    volumes: ["cache:/data"]
    ports: ["80:80", "81:81"]
    networks: {back: {aliases: [x]}}
    deploy: {replicas: 2}
  new:
    image: c
networks:
  front: {driver: bridge}
`;
  const {data, where} = merged(base, override);
  const web = (data.services as Record<string, Record<string, unknown>>).web!;

  it('overrides scalars and replaces command, merges mappings key by key', () => {
    expect(web.image).toBe('b');
    expect(web.command).toEqual(['three']);
    expect(web.environment).toEqual({A: '1', B: '3', C: '4'});
    expect(web.deploy).toEqual({replicas: 2, labels: {k: 'v'}});
    expect(web.networks).toEqual({front: null, back: {aliases: ['x']}});
  });

  it('appends plain lists, merges secrets by source, volumes by target and ports by value', () => {
    expect(web.cap_add).toEqual(['NET_ADMIN', 'SYS_TIME']);
    expect(web.secrets).toEqual(['s1', {source: 's2', target: 'other'}]);
    expect(web.volumes).toEqual(['cache:/data', '/x:/y']);
    expect(web.ports).toEqual(['80:80', '81:81']);
  });

  it('replaces a top-level object whole and adds new services', () => {
    expect((data.networks as Record<string, unknown>).front).toEqual({driver: 'bridge'});
    expect(Object.keys(data.services as object)).toEqual(['web', 'new']);
    expect(where.get('services.web.image')).toEqual({file: 'f1.yml', line: 3});
  });
});
