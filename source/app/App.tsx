import {useMemo, useRef} from 'react';
import {Box, useApp, useInput} from 'ink';
import {useStore} from 'zustand';
import type {ClusterState, ClusterStore, LinkState, ManagerRoute} from '../model/cluster-store.js';
import type {EventLinkState} from '../model/event-watcher.js';
import {indexSnapshot} from '../model/cluster-index.js';
import {type ClusterSummary, summarize} from '../model/summary.js';
import type {RenderContext} from '../render/columns.js';
import {type DisplayText, display, inert, wrapLines} from '../render/text.js';
import type {Binding} from '../keymap/keymap.js';
import type {Loggable} from '../docker/logs.js';
import {keyName} from '../keymap/keys.js';
import {ConnectionBanner} from '../ui/Banner.js';
import {DialogView} from '../ui/Dialog.js';
import {Crumbs} from '../ui/Crumbs.js';
import {Header, eventsNotice} from '../ui/Header.js';
import {Help, helpScrollLimit} from '../ui/Help.js';
import {HintBar} from '../ui/HintBar.js';
import {Line} from '../ui/Line.js';
import {Prompt} from '../ui/Prompt.js';
import {toneColor} from '../ui/theme.js';
import {useTerminalSize} from '../ui/use-terminal-size.js';
import {sameData} from '../ui/same-data.js';
import {useStableSelection} from '../ui/use-stable-selection.js';
import {type PaneText, ResourceView, paneText} from '../views/ResourceView.js';
import {listRows} from '../views/panes/pane.js';
import {paneOf} from '../views/panes/registry.js';
import {activeBindings, keymapOptions} from './bindings.js';
import {COMMAND_HELP} from './commands.js';
import type {ConsoleAccess} from './console-access.js';
import {type KeyContext, handleKey, splitKeys} from './dispatch.js';
import {dialogHeight} from '../shell/dialogs.js';
import {topFrame} from '../shell/navigation.js';
import type {UiStore} from '../shell/ui-store.js';
import type {TextEditor} from './edit.js';
import type {PluginHost} from './plugins.js';
import type {ContextHost} from './contexts.js';

export interface ConnectionInfo {
  /** The endpoint and where it came from: "unix:///var/run/docker.sock (default socket)". */
  endpoint: string;
  engineVersion: string;
  apiVersion: string;
  /** A simulated swarm: the header says so, so it is never taken for a real cluster. */
  demo?: boolean;
}

/** The engine's client and whether the console may write are given together (ConsoleAccess): read-only holds no writes. */
export type AppProps = AppSettings & ConsoleAccess;

interface AppSettings {
  cluster: ClusterStore;
  ui: UiStore;
  connection: ConnectionInfo;
  onRefresh: () => void;
  /** Where `l` reads logs from; without it the key says logs are unavailable. */
  logSource?: Loggable;
  logOptions?: {tail: number; capacity: number; timestamps?: boolean; wrap?: boolean};
  /** Runs $EDITOR for `e`; without it the key says editing needs a terminal. */
  editor?: TextEditor;
  /** Told before an operation changes a service. */
  onServiceChange?: (serviceId: string) => void;
  /** The node the console reads the swarm through now, so demoting it is warned about. */
  connectedNodeId?: () => string | undefined;
  /** Runs the user's plugins. */
  plugins?: PluginHost;
  /** Lists and switches docker contexts (`:ctx`). */
  contexts?: ContextHost;
}

/** The access alone, so the key context holds nothing of the props beside it. */
function accessOf(props: ConsoleAccess): ConsoleAccess {
  return props.readOnly
    ? {readOnly: true, client: props.client}
    : {
        readOnly: false,
        client: props.client,
        ...(props.taskShell ? {taskShell: props.taskShell} : {}),
        ...(props.nodeVolumes ? {nodeVolumes: props.nodeVolumes} : {}),
      };
}

const EMPTY_LINE = display` `;

// While help is open only closing it does anything, so that is all the hint bar offers.
const helpBindings: Binding[] = [{keys: ['esc'], description: 'Close help', action: {type: 'help'}, group: 'General', hint: 'close help'}];

// Ages in tables move in steps of this much, so an idle screen is not repainted on every refresh
// for a young object's age; a rollout's elapsed time and estimate stay to the second.
const AGE_STEP_MS = 10_000;

function ageClock(now: number, view: string): number {
  return view === 'rollout' ? now : now - (now % AGE_STEP_MS);
}

/** What the shell draws from the cluster store: the header, the crumbs and the pane on screen. */
interface ShellText {
  header: {summary?: ClusterSummary; refreshedAt?: number; link: LinkState; events?: EventLinkState; route?: ManagerRoute};
  trail: DisplayText[];
  listed?: number;
  total?: number;
  /** Absent while help or a screen of its own (logs, a document) shows. */
  pane?: PaneText;
  /** While a screen of its own shows: the snapshot it draws from (a document), compared by identity. */
  screenSnapshot?: object;
}

/** What of the header's inputs shows: the refresh time and the link's details only while the link is lost. */
function drawnHeader(header: ShellText['header']) {
  const lost = header.link.status === 'lost';
  return {
    summary: header.summary,
    link: lost ? header.link : undefined,
    refreshedAt: lost ? header.refreshedAt : header.refreshedAt !== undefined,
    events: header.link.status === 'ok' ? eventsNotice(header.events) : undefined,
    route: header.route,
  };
}

function sameShellText(a: ShellText, b: ShellText): boolean {
  return (
    a.screenSnapshot === b.screenSnapshot &&
    a.listed === b.listed &&
    a.total === b.total &&
    sameData(a.trail, b.trail) &&
    sameData(a.pane, b.pane) &&
    sameData(drawnHeader(a.header), drawnHeader(b.header))
  );
}

/** The shell: header, where-you-are, the current pane, and the status and hint lines. */
export function App(props: AppProps) {
  const {cluster, ui, connection, readOnly, onRefresh, logSource, logOptions, editor, onServiceChange, connectedNodeId, plugins, contexts} = props;
  // Read from the props whole: taken apart, the client would lose which mode it belongs to.
  const taskShell = props.readOnly ? undefined : props.taskShell;
  const nodeVolumes = props.readOnly ? undefined : props.nodeVolumes;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const access = useMemo(() => accessOf(props), [props.readOnly, props.client, taskShell, nodeVolumes]);
  const {exit} = useApp();
  const {columns, rows} = useTerminalSize();
  const linkLost = useStore(cluster, state => state.link.status === 'lost');
  const stack = useStore(ui, state => state.stack);
  const mode = useStore(ui, state => state.mode);
  const prompt = useStore(ui, state => state.prompt);
  const dialog = useStore(ui, state => state.dialog);
  const flashMessage = useStore(ui, state => state.flash);
  const helpScroll = useStore(ui, state => state.helpScroll ?? 0);

  const frame = topFrame(stack);
  const spec = paneOf(frame.view);
  // keymapOptions reads only frame.view and frame.screen: a new frame object with both unchanged keeps the bindings.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const bindings = useMemo(() => activeBindings(keymapOptions(frame, readOnly)), [frame.view, frame.screen, readOnly]);

  // The frame stays one line short of the terminal: Ink repaints the whole
  // screen on every frame that is as tall as the terminal. Boxes take no explicit
  // width: on a resize Ink lays out the old tree at the new width before React
  // re-renders, and a box wider than the terminal would wrap and scramble rows.
  const frameHeight = Math.max(6, rows - 1);
  const bannerHeight = linkLost ? 1 : 0;
  // A flash wraps, up to three lines, so an engine's error is read whole.
  const flashLines = !prompt && flashMessage ? wrapLines(inert(flashMessage.text), columns, 3) : [EMPTY_LINE];
  const mainHeight = Math.max(2, frameHeight - 2 - 1 - bannerHeight - dialogHeight(dialog, columns) - flashLines.length - 1);
  // Key handling reads the stores at the moment of each key; these refs carry
  // the layout-dependent page size and the exit function into it.
  const pageSizeRef = useRef(1);
  pageSizeRef.current = Math.max(1, mainHeight - 1);
  const helpLimitRef = useRef(0);
  helpLimitRef.current = mode === 'help' ? helpScrollLimit(bindings, columns, mainHeight) : 0;
  const context = useMemo<KeyContext>(
    () => ({
      snapshot: () => cluster.getState().snapshot,
      pageSize: () => pageSizeRef.current,
      helpScrollLimit: () => helpLimitRef.current,
      quit: () => exit(),
      refresh: onRefresh,
      logSource,
      logOptions,
      editor,
      onServiceChange,
      connectedNodeId,
      plugins,
      contexts,
      ...access,
    }),
    [access, cluster, exit, onRefresh, logSource, logOptions, editor, onServiceChange, connectedNodeId, plugins, contexts],
  );
  useInput((input, key) => {
    for (const press of splitKeys(keyName(input, key), input)) handleKey(ui, press, context);
  });

  // What the shell draws from the cluster, selected as text: a refresh that changes none of it renders nothing.
  const offsetRef = useRef(0);
  const contextRef = useRef<RenderContext | undefined>(undefined);
  const select = (state: ClusterState): ShellText => {
    const {snapshot} = state;
    const index = snapshot && indexSnapshot(snapshot);
    const now = ageClock(state.refreshedAt ?? Date.now(), frame.view);
    // The same index, clock and readings give the same context: cells and column widths are not worked out again.
    let ctx = contextRef.current;
    if (!index) ctx = undefined;
    else if (!ctx || ctx.index !== index || ctx.now !== now || ctx.reach !== snapshot.reach) ctx = {index, now, ...(snapshot.reach && {reach: snapshot.reach})};
    contextRef.current = ctx;
    return {
      header: {summary: snapshot && summarize(snapshot), refreshedAt: state.refreshedAt, link: state.link, events: state.events, route: state.manager},
      trail: stack.map(entry => entry.screen?.title() ?? paneOf(entry.view).crumb(entry, index)),
      // A screen counts its own lines in its status line, which updates without the shell re-rendering.
      listed: frame.screen ? undefined : snapshot ? listRows(spec, snapshot, frame).length : 0,
      total: !frame.screen && snapshot && frame.filter ? listRows(spec, snapshot, {...frame, filter: ''}).length : undefined,
      ...(frame.screen && state.snapshot && {screenSnapshot: state.snapshot}),
      pane:
        mode === 'help' || frame.screen
          ? undefined
          : paneText({spec, frame, snapshot, ctx, load: state.load, link: state.link, width: columns, height: mainHeight, previousOffset: offsetRef.current}),
    };
  };
  const shell = useStableSelection(cluster, select, sameShellText);
  if (shell.pane?.kind === 'table') offsetRef.current = shell.pane.table.offset;
  const {header, trail, listed, total} = shell;

  return (
    <Box flexDirection="column" height={frameHeight}>
      <Header
        endpoint={inert(connection.endpoint)}
        engineVersion={inert(connection.engineVersion)}
        apiVersion={inert(connection.apiVersion)}
        demo={connection.demo}
        readOnly={readOnly}
        summary={header.summary}
        refreshedAt={header.refreshedAt}
        link={header.link}
        events={header.events}
        route={header.route}
      />
      <Crumbs trail={trail} filter={frame.filter} shown={listed} total={total} />
      {bannerHeight ? <ConnectionBanner link={header.link} refreshedAt={header.refreshedAt} /> : null}
      {mode === 'help' ? (
        <Help bindings={bindings} width={columns} height={mainHeight} title={trail[trail.length - 1] ?? display``} scroll={helpScroll} />
      ) : frame.screen ? (
        frame.screen.render({width: columns, height: mainHeight, filter: frame.filter})
      ) : shell.pane ? (
        <ResourceView text={shell.pane} />
      ) : null}
      {dialog ? <DialogView dialog={dialog} columns={columns} /> : null}
      {prompt ? (
        <Prompt
          sigil={prompt.kind === 'command' ? ':' : '/'}
          text={prompt.text}
          placeholder={prompt.kind === 'command' ? COMMAND_HELP : undefined}
          choices={prompt.choices}
        />
      ) : (
        <Box flexDirection="column">
          {flashLines.map((line, index) => (
            <Line key={index} color={toneColor(flashMessage?.tone)}>
              {line}
            </Line>
          ))}
        </Box>
      )}
      <HintBar bindings={mode === 'help' ? helpBindings : bindings} width={columns} />
    </Box>
  );
}
