import type Dockerode from 'dockerode';
import type {Listable} from './capabilities.js';
import type {SwarmTask} from './types.js';

export class TaskResource implements Listable<SwarmTask> {
  constructor(private readonly docker: Dockerode) {}

  // All tasks, history included: panes filter locally, so one request serves
  // the services, nodes and tasks panes alike.
  async list(signal?: AbortSignal): Promise<SwarmTask[]> {
    return (await this.docker.listTasks({abortSignal: signal} as object)) as unknown as SwarmTask[];
  }
}
