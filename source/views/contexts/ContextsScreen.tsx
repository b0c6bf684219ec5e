// `:ctx`: the docker contexts, which one is in use, and Enter to switch to
// the selected one live (the console reconnects and keeps its pane).

import {Box} from 'ink';
import {useStore} from 'zustand';
import {createStore, type StoreApi} from 'zustand/vanilla';
import type {DockerContextEntry} from '../../docker/contexts.js';
import type {Action, Binding} from '../../keymap/keymap.js';
import {type DisplayText, display, fit, inert} from '../../render/text.js';
import type {Screen, ScreenEnv, ScreenProps} from '../../shell/screen.js';
import {roleColor, toneColor} from '../../ui/theme.js';
import {Line, Span} from '../../ui/Line.js';

export interface ContextsOptions {
  list: () => DockerContextEntry[];
  /** The context in use now ("" when the engine was given some other way). */
  current: () => string;
  /** Reconnects to `name`; says itself how it went. */
  switchTo: (name: string) => void;
}

const contextBindings: Binding[] = [
  {
    keys: ['enter'],
    description: 'Switch to this context (reconnects, keeps the pane)',
    action: {type: 'screen', command: 'switch'},
    group: 'Resource',
    hint: 'switch',
  },
];

export class ContextsScreen implements Screen {
  readonly store: StoreApi<{selected: number; entries: DockerContextEntry[]}>;

  constructor(private readonly options: ContextsOptions) {
    const entries = options.list();
    const current = entries.findIndex(entry => entry.name === options.current());
    this.store = createStore(() => ({selected: Math.max(0, current), entries}));
  }

  title(): DisplayText {
    return display`contexts`;
  }

  bindings(): Binding[] {
    return contextBindings;
  }

  act(action: Action, env: ScreenEnv): boolean {
    const {selected, entries} = this.store.getState();
    const move = (to: number) => this.store.setState({selected: Math.max(0, Math.min(entries.length - 1, to))});
    switch (action.type) {
      case 'move':
        move(selected + action.by);
        return true;
      case 'page':
        move(selected + action.by * env.pageSize);
        return true;
      case 'top':
        move(0);
        return true;
      case 'bottom':
        move(entries.length - 1);
        return true;
      case 'screen':
        if (action.command !== 'switch') return false;
        if (entries[selected]) this.options.switchTo(entries[selected]!.name);
        return true;
      default:
        return false;
    }
  }

  render(props: ScreenProps) {
    return <ContextsView screen={this} current={this.options.current()} {...props} />;
  }

  dispose(): void {}
}

function ContextsView({screen, current, width, height}: {screen: ContextsScreen; current: string} & ScreenProps) {
  const {selected, entries} = useStore(screen.store);
  const nameWidth = Math.max(4, ...entries.map(entry => entry.name.length));
  // Each part made inert before it is fitted, so a control character's visible escape is counted in the width.
  const row = (mark: string, name: string, endpoint: string) =>
    display`${fit(inert(mark), 7)}  ${fit(inert(name), nameWidth)}  ${fit(inert(endpoint), Math.max(8, width - nameWidth - 11))}`;
  return (
    <Box flexDirection="column" height={height}>
      <Line bold color={roleColor('tableHeader')}>
        {row('CURRENT', 'NAME', 'ENDPOINT')}
      </Line>
      {entries.slice(0, Math.max(0, height - 1)).map((entry, index) => (
        <Line
          key={entry.name}
          inverse={index === selected && !roleColor('selection')}
          backgroundColor={index === selected ? roleColor('selection') : undefined}
        >
          <Span color={index === selected ? undefined : entry.usable ? undefined : toneColor('error')}>
            {row(entry.name === current ? '*' : '', entry.name, entry.endpoint)}
          </Span>
        </Line>
      ))}
    </Box>
  );
}
