import {newFrame} from '../app/navigation.js';
import type {SwarmService} from '../docker/types.js';
import {serviceColumns, serviceSearchText, serviceSortShortcuts} from '../render/services.js';
import type {ResourceViewSpec} from './resource-spec.js';

export const servicesView: ResourceViewSpec<SwarmService> = {
  view: 'services',
  noun: 'services',
  columns: serviceColumns,
  sortShortcuts: serviceSortShortcuts,
  heads: snapshot =>
    [...snapshot.services].sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name, undefined, {numeric: true})),
  id: service => service.ID,
  searchText: service => serviceSearchText(service),
  drill: service => newFrame('tasks', {serviceId: service.ID}),
  crumb: () => 'services',
  detail: service => {
    const message = service.UpdateStatus?.Message;
    return message ? `${service.Spec.Name} update: ${message}` : undefined;
  },
};
