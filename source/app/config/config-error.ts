// A user file that cannot be used: said in one line, `file:line: key: problem`,
// so the operator goes straight to the place. No yaml import here: startup
// without any user file never loads the parser.

export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly key: string | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${key ? `${key}: ` : ''}${problem}`);
    this.name = 'ConfigFileError';
  }
}
