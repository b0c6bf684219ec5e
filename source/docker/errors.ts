// Engine and socket errors reach the user in one line, in the engine's own words
// where it gave any: dockerode wraps them as "(HTTP code 500) server error - <json>".

import {SshError} from './ssh-command.js';

interface EngineError {
  message?: string;
  code?: string;
  statusCode?: number;
  json?: {message?: string} | null;
  reason?: string;
}

export function describeError(error: unknown): string {
  if (error === null || error === undefined) return 'unknown error';
  if (typeof error !== 'object') return String(error);
  const engineError = error as EngineError;
  // The engine's error body is decoded nowhere else: a message that is not a string is no message.
  const engineMessage: unknown = engineError.json?.message;
  if (typeof engineMessage === 'string' && engineMessage) return oneLine(engineMessage);
  // ssh's own words say what failed; an SshError's code only sorts it as a lost connection.
  if (engineError.code && engineError.message && !engineError.message.includes(engineError.code) && !(error instanceof SshError)) {
    return oneLine(`${engineError.code}: ${engineError.message}`);
  }
  return oneLine(typeof engineError.message === 'string' ? engineError.message : String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
