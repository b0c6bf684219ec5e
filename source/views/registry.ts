import type {ViewKind} from '../keymap/names.js';
import {configsView} from './configs.js';
import {networksView} from './networks.js';
import {nodesView} from './nodes.js';
import type {ResourceViewSpec} from './resource-spec.js';
import {rolloutView} from './rollout.js';
import {secretsView} from './secrets.js';
import {servicesView} from './services.js';
import {stacksView} from './stacks.js';
import {tasksView} from './tasks.js';

// Each view has its own row type; callers only pass a view's rows back to its own spec.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const viewSpecs: Record<ViewKind, ResourceViewSpec<any>> = {
  nodes: nodesView,
  services: servicesView,
  tasks: tasksView,
  rollout: rolloutView,
  stacks: stacksView,
  networks: networksView,
  secrets: secretsView,
  configs: configsView,
};
