import type {ViewKind} from '../app/navigation.js';
import {nodesView} from './nodes.js';
import type {ResourceViewSpec} from './resource-spec.js';
import {rolloutView} from './rollout.js';
import {servicesView} from './services.js';
import {tasksView} from './tasks.js';

export const viewSpecs: Record<ViewKind, ResourceViewSpec<any>> = {
  nodes: nodesView,
  services: servicesView,
  tasks: tasksView,
  rollout: rolloutView,
};
