// Reading the --demo flag's value: `--demo` (small), `--demo=large`,
// `--demo=3` (three times large), or explicit `--demo=nodes=1000,services=5000,tasks=60000`.

import type {SizeNumbers} from './plan.js';
import type {DemoSize} from './swarm.js';

export function parseDemoSize(value: string | boolean | undefined): DemoSize {
  if (value === undefined || value === true || value === '' || value === 'small') return 'small';
  if (value === false) throw new Error('--demo is off');
  const text = value.trim().toLowerCase();
  if (text === 'large') return 'large';
  if (/^\d+(\.\d+)?x?$/.test(text)) {
    const factor = Number(text.replace(/x$/, ''));
    if (factor > 0) return factor;
  }
  const numbers: Partial<SizeNumbers> = {};
  for (const part of text.split(',')) {
    const match = /^(nodes|services|tasks)=(\d+)$/.exec(part.trim());
    if (!match) throw new Error(`invalid --demo size "${value}": use small, large, a factor like 2, or nodes=N,services=N,tasks=N`);
    numbers[match[1] as keyof SizeNumbers] = Number(match[2]);
  }
  if (numbers.nodes === undefined || numbers.services === undefined || numbers.tasks === undefined) {
    throw new Error(`invalid --demo size "${value}": give all of nodes=, services= and tasks=`);
  }
  return numbers as SizeNumbers;
}
