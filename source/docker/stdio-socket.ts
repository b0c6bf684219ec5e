// A dial-stdio session (an ssh child running `docker system dial-stdio`) as
// the socket an http.Agent expects: bytes in and out over the child's stdin
// and stdout; when ssh fails, the error carries its reason.

import type {ChildProcess} from 'node:child_process';
import {Duplex} from 'node:stream';
import {SshError, sshFailure, sshReason} from './ssh-command.js';

/**
 * A dial-stdio session as the socket an http.Agent expects: bytes in and out
 * over the child's stdin and stdout. When ssh fails, the error carries its reason.
 */
export class StdioSocket extends Duplex {
  private stderr = '';
  private exited = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly host: string,
  ) {
    super({allowHalfOpen: false});
    const {stdin, stdout, stderr} = child;
    stderr!.setEncoding('utf8');
    stderr!.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-4096);
    });
    stdout!.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) stdout!.pause();
    });
    stdout!.on('end', () => this.push(null));
    stdin!.on('error', () => {});
    child.once('error', error => this.destroy(error));
    child.once('exit', (code, signal) => {
      this.exited = true;
      if (this.destroyed) return;
      const reason = sshReason(this.stderr);
      if ((code !== 0 || signal) && reason) {
        this.destroy(sshFailure(reason, this.host));
      } else {
        // stdout may still hold bytes; end the readable side once they are read.
        this.push(null);
        this.destroy();
      }
    });
  }

  override _read(): void {
    this.child.stdout?.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const stdin = this.child.stdin;
    if (!stdin || stdin.destroyed) {
      callback(new SshError('ssh: the session has ended', '', 'EPIPE'));
      return;
    }
    stdin.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin?.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.exited) this.child.kill('SIGTERM');
    callback(error);
  }

  // What http.Agent and ClientRequest call on a net.Socket; a pipe needs none of the
  // TCP settings, and ref/unref pass on to the ssh child so an idle session keeps no process alive.
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setTimeout(ms: number, callback?: () => void): this {
    if (callback) this.once('timeout', callback);
    clearTimeout(this.idleTimer);
    if (ms > 0) this.idleTimer = setTimeout(() => this.emit('timeout'), ms).unref();
    return this;
  }
  ref(): this {
    this.child.ref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) (pipe as unknown as {ref?: () => void} | null)?.ref?.();
    return this;
  }
  unref(): this {
    this.child.unref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) (pipe as unknown as {unref?: () => void} | null)?.unref?.();
    return this;
  }
  private idleTimer?: NodeJS.Timeout;
}
