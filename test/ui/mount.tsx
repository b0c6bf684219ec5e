import {App, type ConnectionInfo} from '../../source/app/App.js';
import type {ViewKind} from '../../source/keymap/names.js';
import {createUiStore} from '../../source/shell/ui-store.js';
import type {TextEditor} from '../../source/app/edit.js';
import type {Loggable} from '../../source/docker/logs.js';
import type {SwarmSnapshot} from '../../source/docker/types.js';
import {applySnapshot, createClusterStore} from '../../source/model/cluster-store.js';
import {recordingClient} from '../support/fake-client.js';
import {renderTui} from './render.js';

export function mountApp(
  snapshot: SwarmSnapshot | undefined,
  options: {
    view?: ViewKind;
    now?: number;
    readOnly?: boolean;
    failWith?: Error;
    logSource?: Loggable;
    editor?: TextEditor;
    connection?: ConnectionInfo;
    connectedNodeId?: string;
    columns?: number;
    rows?: number;
  } = {},
) {
  const cluster = createClusterStore();
  if (snapshot) applySnapshot(cluster, snapshot, options.now ?? Date.now());
  const ui = createUiStore(options.view ?? 'services');
  let refreshes = 0;
  const {client, calls} = recordingClient(snapshot ?? {nodes: [], services: [], tasks: []}, {failWith: options.failWith});
  const app = renderTui(
    <App
      cluster={cluster}
      client={client}
      ui={ui}
      connection={options.connection ?? {endpoint: 'unix:///run/stlab/node1.sock (--host flag)', engineVersion: '20.10.24', apiVersion: '1.41'}}
      readOnly={options.readOnly ?? false}
      editor={options.editor}
      connectedNodeId={() => options.connectedNodeId}
      logSource={options.logSource}
      onRefresh={() => {
        refreshes += 1;
      }}
    />,
    {columns: options.columns, rows: options.rows},
  );
  return {
    app,
    cluster,
    ui,
    calls,
    refreshes: () => refreshes,
    /** Resolves once the output has settled (see render.tsx). */
    settle: app.settle,
    /** The terminal's screen as text. */
    screen: app.screen,
    press: app.press,
    waitForScreen: app.waitForScreen,
  };
}

export const ESC = '\u001b';
export const ENTER = '\r';
export const DOWN = '\u001b[B';
