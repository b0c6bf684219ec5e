// The simulated engine on its own, for the benchmark: `node .bench-dist/test/bench/demo-engine.js <size>`
// serves the demo swarm on a private socket and prints `unix://…` on its first line,
// so swarmtop can be measured (-H) without the simulation's cost in its own process.
import {parseDemoSize, startDemoEngine} from '../../source/demo/index.js';

const engine = await startDemoEngine({size: parseDemoSize(process.argv[2] ?? 'small')});
process.stdout.write(`${engine.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    void engine.close().then(() => process.exit(0));
  });
}
