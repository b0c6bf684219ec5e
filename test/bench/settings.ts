import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const labScript = path.join(root, 'test', 'lab', 'lab.sh');

export interface BenchSettings {
  cliPath: string;
  idleSeconds: number;
  /** Samples per measured key. */
  keySamples: number;
  cols: number;
  rows: number;
}

export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    cliPath: path.join(root, 'dist', 'cli.js'),
    idleSeconds: Number(env['BENCH_IDLE_SECONDS'] ?? 60),
    keySamples: Number(env['BENCH_KEY_SAMPLES'] ?? 20),
    cols: 120,
    rows: 40,
  };
}
