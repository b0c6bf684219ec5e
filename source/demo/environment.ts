// What the environment asks of the demo, so a benchmark (or a recording) can
// pin the story without a command-line flag of its own:
//   SWARMTOP_DEMO_SEED=N          the seed the swarm is built and played from (default 1)
//   SWARMTOP_DEMO_AUTOPILOT=on | off | held
//                                 the scripted activity plays on its own, never, or
//                                 waits for a release (POST /swarmtop-demo/autopilot/release)

export interface DemoEnvironment {
  seed?: number;
  autopilot?: boolean | 'held';
}

export function demoEnvironment(env: NodeJS.ProcessEnv = process.env): DemoEnvironment {
  const result: DemoEnvironment = {};
  const seed = env['SWARMTOP_DEMO_SEED']?.trim();
  if (seed) {
    if (!/^\d+$/.test(seed) || !Number.isSafeInteger(Number(seed))) throw new Error(`SWARMTOP_DEMO_SEED must be a whole number ≥ 0, got "${seed}"`);
    result.seed = Number(seed);
  }
  const autopilot = env['SWARMTOP_DEMO_AUTOPILOT']?.trim().toLowerCase();
  if (autopilot) {
    if (autopilot === 'on') result.autopilot = true;
    else if (autopilot === 'off') result.autopilot = false;
    else if (autopilot === 'held') result.autopilot = 'held';
    else throw new Error(`SWARMTOP_DEMO_AUTOPILOT must be on, off or held, got "${autopilot}"`);
  }
  return result;
}
