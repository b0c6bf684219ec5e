// The CLI's units: Go durations ("1m30s") in nanoseconds, memory sizes ("512M", "1g",
// base 1024) in bytes, CPUs ("0.5") in nano CPUs. Each returns undefined where the CLI
// refuses the value, so the caller can say where. Pure.

const DURATION_UNITS: Record<string, number> = {ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9};

/** A Go duration in nanoseconds ("10s", "1m30s", "1.5h"); a bare number counts as seconds in no CLI field, so it is refused. */
export function durationNs(text: string): number | undefined {
  if (text === '0') return 0;
  const parts = /^((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/.test(text) ? text.match(/(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g) : null;
  if (!parts) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, amount, , unit] = /^(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)$/.exec(part)!;
    total += Number(amount) * DURATION_UNITS[unit!]!;
  }
  return Math.round(total);
}

const SIZE_UNITS: Record<string, number> = {'': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5};

/** Bytes of a memory size as the CLI reads it (units.RAMInBytes: base 1024, "b"/"ib" suffixes optional). */
export function sizeBytes(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtpb]?)(i?b)?$/i.exec(value.trim());
  if (!match) return undefined;
  return Math.floor(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!);
}

/** Nano CPUs of "0.5" (opts.ParseCPUs: at most 9 decimals). */
export function nanoCpus(value: string | number): number | undefined {
  const text = String(value);
  if (!/^\d+(\.\d{1,9})?$|^\.\d{1,9}$/.test(text)) return undefined;
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole || '0') * 1e9 + Number(fraction.padEnd(9, '0'));
}
