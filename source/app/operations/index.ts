// Every operation, in the order help and the hint bar list them.
import type {OperationId} from '../../keymap/names.js';
import {editNode} from './edit-node.js';
import {createStored} from './create-stored.js';
import {deployStack} from './deploy-stack.js';
import {editSpec} from './edit-spec.js';
import {activateNode, drainNode, pauseNode} from './node-availability.js';
import {demoteNode, promoteNode} from './node-role.js';
import type {Operation} from './operation.js';
import {removeService} from './remove-service.js';
import {removeStack} from './remove-stack.js';
import {removeStored} from './remove-stored.js';
import {removeVolume} from './remove-volume.js';
import {restart} from './restart.js';
import {rotateStored} from './rotate-stored.js';
import {resumeUpdate} from './resume-update.js';
import {rollback} from './rollback.js';
import {scale} from './scale.js';
import {setImage} from './set-image.js';
import {shell} from './shell.js';

export const operations: readonly Operation[] = [
  scale,
  setImage,
  restart,
  rollback,
  editSpec,
  resumeUpdate,
  removeService,
  removeStack,
  deployStack,
  pauseNode,
  activateNode,
  drainNode,
  promoteNode,
  demoteNode,
  editNode,
  shell,
  createStored,
  rotateStored,
  removeStored,
  removeVolume,
];

export function operationById(id: OperationId): Operation | undefined {
  return operations.find(operation => operation.id === id);
}
