// Variable substitution in compose values as the docker CLI does it before it reads a
// file's schema: ${VAR}, ${VAR:-default} (unset or empty), ${VAR-default} (unset),
// ${VAR:?message} / ${VAR?message} (refused), $VAR, and $$ for a literal $. Pure.

export type Lookup = (name: string) => string | undefined;

export type Interpolated = {ok: true; value: string} | {ok: false; message: string};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** `text` with every variable replaced, or why the CLI would refuse it. */
export function interpolate(text: string, lookup: Lookup): Interpolated {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const dollar = text.indexOf('$', at);
    if (dollar === -1) {
      out += text.slice(at);
      break;
    }
    out += text.slice(at, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      at = dollar + 2;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(text, dollar + 2);
      if (close === -1) return {ok: false, message: `invalid interpolation format for "${text}": unclosed "\${"`};
      const replaced = braced(text.slice(dollar + 2, close), lookup, text);
      if (!replaced.ok) return replaced;
      out += replaced.value;
      at = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(dollar + 1));
    if (!name) {
      // A lone `$` before something that names nothing is refused by the CLI's template.
      return {ok: false, message: `invalid interpolation format for "${text}": a "$" must start a variable or be written "$$"`};
    }
    out += lookup(name[0]) ?? '';
    at = dollar + 1 + name[0].length;
  }
  return {ok: true, value: out};
}

// Defaults may themselves hold ${…}: the brace that closes this one is the one at depth 0.
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let at = from; at < text.length; at++) {
    if (text[at] === '{') depth++;
    else if (text[at] === '}') {
      if (depth === 0) return at;
      depth--;
    }
  }
  return -1;
}

function braced(inner: string, lookup: Lookup, whole: string): Interpolated {
  const name = NAME.exec(inner);
  if (!name) return {ok: false, message: `invalid interpolation format for "${whole}": "\${${inner}}" names no variable`};
  const rest = inner.slice(name[0].length);
  const value = lookup(name[0]);
  if (rest === '') return {ok: true, value: value ?? ''};
  const operator = /^(:-|-|:\?|\?)/.exec(rest);
  if (!operator) return {ok: false, message: `invalid interpolation format for "${whole}": unknown operator in "\${${inner}}"`};
  const argument = rest.slice(operator[0].length);
  const missing = operator[0].startsWith(':') ? value === undefined || value === '' : value === undefined;
  if (!missing) return {ok: true, value: value!};
  if (operator[0].endsWith('-')) return interpolate(argument, lookup);
  const message = interpolate(argument, lookup);
  return {ok: false, message: `required variable ${name[0]} is missing a value${message.ok && message.value ? `: ${message.value}` : ''}`};
}

/** A `.env` file's variables: KEY=VALUE lines, `#` comments, optional quotes. */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    const key = (equals === -1 ? line : line.slice(0, equals)).replace(/^export\s+/, '').trim();
    if (equals === -1) continue;
    let value = line.slice(equals + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
    values.set(key, value);
  }
  return values;
}
