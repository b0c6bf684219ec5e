import {describe, expect, it} from 'vitest';
import type {SwarmClient} from '../../../source/docker/client.js';
import type {StackPlan} from '../../../source/model/compose/plan-types.js';
import {inert} from '../../../source/render/text.js';
import {UsageError} from '../../../source/app/cli-args.js';
import {
  EXIT_CHANGES,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  type PlanResult,
  type StackCommandDeps,
  parseStackCommand,
  runStackCommand,
} from '../../../source/app/stack-command.js';

const changed: StackPlan = {
  stack: 'shop',
  entries: [{kind: 'service', name: 'shop_web', action: 'update', live: {id: 'x'.repeat(25), version: 3}, changes: ['image: a → b'], notes: []}],
  ignored: [],
  changes: true,
};
const same: StackPlan = {...changed, entries: [{...changed.entries[0]!, action: 'unchanged', changes: []}], changes: false};

function deps(result: PlanResult, options: {terminal?: boolean; answer?: boolean; applied?: boolean} = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const applied: StackPlan[] = [];
  const asked: string[] = [];
  let connected = 0;
  const fake: StackCommandDeps = {
    connect: async () => {
      connected++;
      return {} as SwarmClient;
    },
    plan: async () => result,
    planLines: plan => plan.entries.map(entry => inert(`${entry.action} ${entry.kind} ${entry.name}`)),
    planJson: plan => ({stack: plan.stack, changes: plan.changes}),
    problemLines: problems => problems.map(problem => inert(`${problem.file}:${problem.line}: ${problem.message}`)),
    apply: async (_client, plan) => {
      applied.push(plan);
      return options.applied === false
        ? {ok: false, changedServiceIds: [], lines: ['stopped at update service shop_web: no such image']}
        : {ok: true, changedServiceIds: ['s'], lines: ['stack shop: deployed and converged']};
    },
    hasTerminal: options.terminal ?? false,
    confirm: async question => {
      asked.push(question);
      return options.answer ?? false;
    },
    env: {},
    out: text => out.push(text),
    err: text => err.push(text),
  };
  return {fake, out, err, applied, asked, connections: () => connected};
}

describe('swarmtop stack: the words', () => {
  it('reads plan with files in order, the name and the connection flags', () => {
    expect(parseStackCommand(['plan', '-c', 'a.yml', '--compose-file', 'b.yml', '--prune', '--json', '-H', 'ssh://m', '--ssh-opt', 'Port=2', 'shop'])).toEqual({
      verb: 'plan',
      files: ['a.yml', 'b.yml'],
      stack: 'shop',
      prune: true,
      json: true,
      yes: false,
      host: 'ssh://m',
      sshOpt: ['Port=2'],
    });
  });

  it.each([
    [['plan', 'shop'], 'needs a compose file'],
    [['plan', '-c', 'a.yml'], "needs the stack's name"],
    [['apply', '-c', 'a.yml', 'shop'], 'takes plan or deploy (got "apply")'],
    [['plan', '-c', 'a.yml', 'shop', 'more'], 'takes one stack name'],
    [['deploy', '-c', 'a.yml', '--json', 'shop'], '--json is for stack plan'],
    [['plan', '-c', 'a.yml', '--yes', 'shop'], '--yes is for stack deploy'],
    [['plan', '-c', 'a.yml', '--prnue', 'shop'], 'unknown flag --prnue — did you mean --prune?'],
    [['plan', '-c', 'a.yml', '_bad'], 'is not a stack name'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseStackCommand(argv)).toThrow(UsageError);
    expect(() => parseStackCommand(argv)).toThrow(message);
  });

  it('reads --help as help', () => {
    expect(parseStackCommand(['--help'])).toBeUndefined();
  });
});

describe('swarmtop stack: what it does and its exit code', () => {
  it('plan exits 3 when something would change, 0 when nothing would, and prints the plan', async () => {
    const some = deps({ok: true, plan: changed});
    expect(await runStackCommand(['plan', '-c', 'a.yml', 'shop'], some.fake)).toBe(EXIT_CHANGES);
    expect(some.out.join('')).toContain('update service shop_web');
    const none = deps({ok: true, plan: same});
    expect(await runStackCommand(['plan', '-c', 'a.yml', 'shop'], none.fake)).toBe(EXIT_OK);
  });

  it('plan --json prints JSON', async () => {
    const run = deps({ok: true, plan: changed});
    expect(await runStackCommand(['plan', '-c', 'a.yml', '--json', 'shop'], run.fake)).toBe(EXIT_CHANGES);
    expect(JSON.parse(run.out.join(''))).toEqual({stack: 'shop', changes: true});
  });

  it('a compose problem prints file:line, changes nothing and exits 1', async () => {
    const run = deps({ok: false, problems: [{file: 'a.yml', line: 4, message: 'services.web.image must be a string'}]});
    expect(await runStackCommand(['deploy', '--yes', '-c', 'a.yml', 'shop'], run.fake)).toBe(EXIT_FAILED);
    expect(run.err.join('')).toContain('a.yml:4: services.web.image must be a string');
    expect(run.applied).toEqual([]);
  });

  it('an unreadable swarm exits 1 with the error', async () => {
    const run = deps({ok: false, error: 'permission denied'});
    expect(await runStackCommand(['plan', '-c', 'a.yml', 'shop'], run.fake)).toBe(EXIT_FAILED);
    expect(run.err.join('')).toContain('permission denied');
  });

  it('deploy without a terminal and without --yes is a usage error, before the engine is reached', async () => {
    const run = deps({ok: true, plan: changed});
    expect(await runStackCommand(['deploy', '-c', 'a.yml', 'shop'], run.fake)).toBe(EXIT_USAGE);
    expect(run.err.join('')).toContain('pass --yes');
    expect(run.connections()).toBe(0);
  });

  it('deploy asks on a terminal: no applies nothing, yes applies', async () => {
    const declined = deps({ok: true, plan: changed}, {terminal: true, answer: false});
    expect(await runStackCommand(['deploy', '-c', 'a.yml', 'shop'], declined.fake)).toBe(EXIT_FAILED);
    expect(declined.asked).toEqual(['Apply these changes to stack shop? [y/N] ']);
    expect(declined.applied).toEqual([]);
    const accepted = deps({ok: true, plan: changed}, {terminal: true, answer: true});
    expect(await runStackCommand(['deploy', '-c', 'a.yml', 'shop'], accepted.fake)).toBe(EXIT_OK);
    expect(accepted.applied).toEqual([changed]);
  });

  it('deploy --yes exits 1 when the apply stops, with its last lines', async () => {
    const run = deps({ok: true, plan: changed}, {applied: false});
    expect(await runStackCommand(['deploy', '--yes', '-c', 'a.yml', 'shop'], run.fake)).toBe(EXIT_FAILED);
    expect(run.out.at(-1)).toBe('stopped at update service shop_web: no such image\n');
  });

  it('deploy of a plan with nothing to change applies nothing and exits 0', async () => {
    const run = deps({ok: true, plan: same});
    expect(await runStackCommand(['deploy', '--yes', '-c', 'a.yml', 'shop'], run.fake)).toBe(EXIT_OK);
    expect(run.applied).toEqual([]);
  });

  it('prints engine text inert', async () => {
    const run = deps({ok: false, error: 'bad \u001b[2Jthing'});
    await runStackCommand(['plan', '-c', 'a.yml', 'shop'], run.fake);
    expect(run.err.join('')).not.toContain('\u001b');
  });

  it('a usage error exits 2', async () => {
    const run = deps({ok: true, plan: changed});
    expect(await runStackCommand(['plan', 'shop'], run.fake)).toBe(EXIT_USAGE);
  });
});
