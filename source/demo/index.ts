// The demo engine's public face: start it, or build a swarm to drive by hand.
export {startDemoEngine, startRealtime, type DemoEngine, type DemoEngineOptions} from './engine.js';
export {DemoSwarm, sizeNumbers, type DemoSize, type DemoSwarmOptions} from './swarm.js';
export {parseDemoSize} from './size-flag.js';
export {DemoNodeEngine} from './node-engines.js';
export type {DemoNodeEngines} from './node-sockets.js';
export type * from './engine-types.js';
