// The log screen's keys: its own commands (sent as `screen` actions and
// handled by LogScreen.command) and how the generic moves read on a log pane.

import type {Action, Binding} from '../../keymap/keymap.js';

const screenCommand = (command: string): Action => ({type: 'screen', command});

export const logBindings: Binding[] = [
  {keys: ['f'], description: 'Follow: keep the newest line in view (on/off)', action: screenCommand('follow'), group: 'Resource', hint: 'follow'},
  {keys: ['s'], description: 'Cycle: last lines, since 1m / 5m / 15m / 1h, all', action: screenCommand('window'), group: 'Resource', hint: 'since'},
  {keys: ['t'], description: 'Timestamps on/off', action: screenCommand('timestamps'), group: 'Resource', hint: 'time'},
  {keys: ['w'], description: 'Wrap long lines on/off', action: screenCommand('wrap'), group: 'Resource', hint: 'wrap'},
  {keys: ['p'], description: 'Task prefixes on/off', action: screenCommand('prefixes'), group: 'Resource'},
  {keys: ['n'], description: 'Next match of the / search', action: screenCommand('next'), group: 'Resource'},
  {keys: ['N'], description: 'Previous match', action: screenCommand('previous'), group: 'Resource'},
  {keys: ['ctrl-s'], description: 'Save the lines shown to a file', action: screenCommand('save'), group: 'Resource', hint: 'save'},
  {keys: ['k', 'up'], description: 'Scroll up (pauses following)', action: {type: 'move', by: -1}, group: 'Navigation'},
  {keys: ['j', 'down'], description: 'Scroll down', action: {type: 'move', by: 1}, group: 'Navigation'},
  {keys: ['pgup', 'ctrl-b'], description: 'Page up', action: {type: 'page', by: -1}, group: 'Navigation'},
  {keys: ['pgdn', 'ctrl-f'], description: 'Page down', action: {type: 'page', by: 1}, group: 'Navigation'},
  {keys: ['g', 'home'], description: 'Oldest line', action: {type: 'top'}, group: 'Navigation'},
  {keys: ['G', 'end'], description: 'Newest line, and follow again', action: {type: 'bottom'}, group: 'Navigation'},
];
