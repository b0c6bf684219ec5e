import type {LinkState} from '../model/cluster-store.js';
import {clockTime} from '../render/format.js';
import {display} from '../render/text.js';
import {Line} from './Line.js';
import {colorEnabled} from './theme.js';

/** Shown while the manager does not answer: the console keeps its last data and keeps retrying. */
export function ConnectionBanner({link, refreshedAt}: {link: LinkState; refreshedAt?: number}) {
  const since = refreshedAt ? ` · showing data from ${clockTime(refreshedAt)}` : '';
  return (
    <Line color={colorEnabled ? 'white' : undefined} backgroundColor={colorEnabled ? 'red' : undefined} inverse={!colorEnabled} bold>
      {display` connection lost — retrying (attempt ${link.failures}) · ${link.error ?? 'no answer'}${since} `}
    </Line>
  );
}
