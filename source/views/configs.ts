// Configs list exactly like secrets; both specs live in secrets.ts.
export {configsView} from './secrets.js';
