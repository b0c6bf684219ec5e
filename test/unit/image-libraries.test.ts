import {existsSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

// scripts/image.mjs copies into a FROM scratch image exactly the files ldd says an executable loads.
const imageScript = new URL('../../scripts/image.mjs', import.meta.url).href;
const {linkedLibraries} = (await import(imageScript)) as {linkedLibraries: (executable: string) => string[]};

describe.skipIf(process.platform !== 'linux')('the libraries an executable links', () => {
  it('lists the dynamic loader and libc of this Node, as absolute paths that exist, and no vdso', () => {
    const files = linkedLibraries(process.execPath);
    expect(files.some(file => /\/ld-linux[^/]*\.so\.\d+$/.test(file))).toBe(true);
    expect(files.some(file => /\/libc\.so\.6$/.test(file))).toBe(true);
    expect(files.every(file => file.startsWith('/') && existsSync(file))).toBe(true);
    expect(files.some(file => file.includes('vdso'))).toBe(false);
  });

  it('refuses a file ldd cannot read as a dynamic executable', () => {
    expect(() => linkedLibraries('/etc/hostname')).toThrow();
  });
});
