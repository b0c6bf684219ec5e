import type {Tone} from '../render/columns.js';

// NO_COLOR (https://no-color.org): any non-empty value turns colour off; the
// selection still shows, as inverse video.
export const colorEnabled = !process.env['NO_COLOR'];

const toneColors: Record<Tone, string> = {
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  muted: 'gray',
  accent: 'cyan',
  info: 'blue',
  notice: 'magenta',
  crash: 'redBright',
};

export function toneColor(tone: Tone | undefined): string | undefined {
  if (!tone || !colorEnabled) return undefined;
  return toneColors[tone];
}
