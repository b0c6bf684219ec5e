import {describe, expect, it} from 'vitest';
import {JsonLineDecoder, SWARM_EVENT_TYPES, decodeEvents, eventFilters} from '../../source/docker/events.js';

const encoder = new TextEncoder();
const line = (type: string, action: string, name: string) =>
  `${JSON.stringify({Type: type, Action: action, Actor: {ID: `id-${name}`, Attributes: {name}}, scope: 'swarm', time: 1})}\n`;

async function* chunks(...parts: Array<Uint8Array | string>) {
  for (const part of parts) yield part;
}

describe('the event stream decoder', () => {
  it('reads every event whatever the chunking: byte by byte, split inside a multi-byte name', async () => {
    const body = encoder.encode(line('service', 'update', 'wéb-✓') + line('node', 'update', 'node2'));
    const decoder = new JsonLineDecoder();
    const events = [...body].flatMap(byte => decoder.push(Uint8Array.of(byte)));
    expect(events.map(event => [event.Type, event.Action, event.Actor?.Attributes?.['name']])).toEqual([
      ['service', 'update', 'wéb-✓'],
      ['node', 'update', 'node2'],
    ]);
    expect(decoder.skipped).toBe(0);
  });

  it('reads many events from one chunk and holds a cut line until the rest arrives', () => {
    const decoder = new JsonLineDecoder();
    const text = line('service', 'create', 'a') + line('secret', 'remove', 'b') + line('config', 'create', 'c');
    const cut = text.length - 10;
    expect(decoder.push(text.slice(0, cut)).map(event => event.Type)).toEqual(['service', 'secret']);
    expect(decoder.push(text.slice(cut)).map(event => event.Type)).toEqual(['config']);
  });

  it('skips lines that are not events and carries on, and reads a last line without a newline', async () => {
    const events: string[] = [];
    const source = chunks('not json\n', '{"no":"type"}\n\n', line('network', 'create', 'n'), '{"Type":"service","Action":"remove"}');
    for await (const event of decodeEvents(source)) events.push(`${event.Type}/${event.Action}`);
    expect(events).toEqual(['network/create', 'service/remove']);
  });

  it('asks the engine for the swarm object types only', () => {
    expect(JSON.parse(eventFilters())).toEqual({type: ['service', 'node', 'secret', 'config', 'network']});
    expect(SWARM_EVENT_TYPES).not.toContain('container');
  });
});
