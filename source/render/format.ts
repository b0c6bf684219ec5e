// Formats that operators already read in `docker service ps` and `docker node ls`.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The docker CLI's human duration ("2 minutes", "About an hour"), lower-cased as `service ps` prints it. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / SECOND);
  if (seconds < 1) return 'less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes === 1) return 'about a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / HOUR);
  if (hours === 1) return 'about an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(ms / DAY)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(ms / (7 * DAY))} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(ms / (30 * DAY))} months`;
  return `${Math.floor(ms / (365 * DAY))} years`;
}

/** A compact age for AGE columns: 45s, 12m, 5h, 3d. */
export function shortAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0s';
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)}h`;
  return `${Math.floor(ms / DAY)}d`;
}

export function timeSince(iso: string | undefined, now: number): number {
  if (!iso) return Number.NaN;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? Number.NaN : Math.max(0, now - at);
}

export function shortId(id: string | undefined): string {
  return (id ?? '').slice(0, 12);
}

export function capitalize(word: string | undefined): string {
  if (!word) return '';
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `nginx:1.25@sha256:…` → `nginx:1.25`, as `docker service ls` shows it. */
export function imageWithoutDigest(image: string | undefined): string {
  if (!image) return '';
  const at = image.indexOf('@');
  return at === -1 ? image : image.slice(0, at);
}

export function bytes(count: number | undefined): string {
  if (!count || count <= 0) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)}${units[unit]}`;
}

export function cpus(nanoCpus: number | undefined): string {
  if (!nanoCpus) return '';
  const count = nanoCpus / 1e9;
  return Number.isInteger(count) ? String(count) : count.toFixed(1);
}

export function clockTime(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A Go-style duration as the engine's specs hold them in nanoseconds: "10s", "1m", "500ms". */
export function formatDuration(ns: number | undefined): string {
  if (!ns) return '0s';
  if (ns % 3600e9 === 0) return `${ns / 3600e9}h`;
  if (ns % 60e9 === 0) return `${ns / 60e9}m`;
  if (ns % 1e9 === 0) return `${ns / 1e9}s`;
  if (ns % 1e6 === 0) return `${ns / 1e6}ms`;
  return `${ns}ns`;
}
