import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ConfigFileError} from '../../source/app/config/config-error.js';
import {configDir, effectiveSettings, loadUserConfig} from '../../source/app/config/load.js';
import {parseConfig} from '../../source/app/config/parse-config.js';
import {normaliseShortcut, parseAliases, parseHotkeys, parsePlugins} from '../../source/app/config/parse-keys.js';
import {parseSkin} from '../../source/app/config/parse-skin.js';
import {printSettings} from '../../source/app/config/settings.js';
import {applySkin, nearestBasicColor, roleColor, toneColor} from '../../source/ui/theme.js';

/** The one-line message a bad file gives, or a failure when it parses. */
function complaint(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigFileError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('config.yml', () => {
  it('reads every setting with its line', () => {
    const settings = parseConfig(
      'config.yml',
      [
        'refresh: 1.5',
        'readonly: true',
        'view: nodes',
        'logs:',
        '  tail: 20',
        '  lines: 300',
        '  timestamps: true',
        '  wrap: true',
        'nodesVia: node2',
        'shell: /bin/bash',
        'skin: night',
        'followRollouts: true',
      ].join('\n'),
    );
    expect(settings).toEqual({
      refresh: {value: 1.5, line: 1},
      readonly: {value: true, line: 2},
      view: {value: 'nodes', line: 3},
      logTail: {value: 20, line: 5},
      logLines: {value: 300, line: 6},
      logTimestamps: {value: true, line: 7},
      logWrap: {value: true, line: 8},
      nodesVia: {value: 'node2', line: 9},
      shell: {value: '/bin/bash', line: 10},
      skin: {value: 'night', line: 11},
      followRollouts: {value: true, line: 12},
    });
  });

  it('takes a pane by any of its : names, and an empty file as no settings', () => {
    expect(parseConfig('c.yml', 'view: svc').view?.value).toBe('services');
    expect(parseConfig('c.yml', '')).toEqual({});
    expect(parseConfig('c.yml', '# only a comment\n')).toEqual({});
  });

  it('refuses every kind of bad input with file:line and the key', () => {
    expect(complaint(() => parseConfig('c.yml', 'refresh: [2\n'))).toMatch(/^c\.yml:\d+: not valid YAML: /);
    expect(complaint(() => parseConfig('c.yml', 'refresh: 2\nrefresh: 3\n'))).toMatch(/^c\.yml:2: not valid YAML: .*unique/i);
    expect(complaint(() => parseConfig('c.yml', '- refresh\n'))).toBe('c.yml:1: must be a mapping of key: value (got a list)');
    expect(complaint(() => parseConfig('c.yml', 'just text'))).toBe('c.yml:1: must be a mapping of key: value (got "just text")');
    expect(complaint(() => parseConfig('c.yml', 'refresh: 2\nrefesh: 3\n'))).toMatch(/^c\.yml:2: refesh: unknown key \(known keys: refresh, readonly/);
    expect(complaint(() => parseConfig('c.yml', 'refresh: fast'))).toBe('c.yml:1: refresh: must be a number of seconds, 0.5 to 3600 (got "fast")');
    expect(complaint(() => parseConfig('c.yml', 'refresh: 0.1'))).toBe('c.yml:1: refresh: must be a number of seconds, 0.5 to 3600 (got 0.1)');
    expect(complaint(() => parseConfig('c.yml', 'readonly: yes'))).toBe('c.yml:1: readonly: must be true or false (got "yes")');
    expect(complaint(() => parseConfig('c.yml', 'view: pods'))).toMatch(/^c\.yml:1: view: no pane is called "pods"/);
    expect(complaint(() => parseConfig('c.yml', 'view: rollout'))).toMatch(/^c\.yml:1: view: no pane is called "rollout"/);
    expect(complaint(() => parseConfig('c.yml', 'logs: 5'))).toBe('c.yml:1: logs: must be a mapping of key: value (got 5)');
    expect(complaint(() => parseConfig('c.yml', 'logs:\n  tail: 2.5'))).toBe('c.yml:2: logs.tail: must be a whole number of lines, 0 to 1000000 (got 2.5)');
    expect(complaint(() => parseConfig('c.yml', 'logs:\n  lines: 10'))).toBe('c.yml:2: logs.lines: must be a whole number of lines, 100 to 1000000 (got 10)');
    expect(complaint(() => parseConfig('c.yml', 'logs:\n  follow: true'))).toBe(
      'c.yml:2: logs.follow: unknown key (known keys: tail, lines, timestamps, wrap)',
    );
    expect(complaint(() => parseConfig('c.yml', 'shell: ""'))).toBe('c.yml:1: shell: must not be empty');
    expect(complaint(() => parseConfig('c.yml', 'shell: {a: 1}'))).toBe('c.yml:1: shell: must be text (got a mapping)');
    expect(complaint(() => parseConfig('c.yml', 'skin: ../evil'))).toMatch(/^c\.yml:1: skin: a skin is named by its file/);
    expect(complaint(() => parseConfig('c.yml', 'followRollouts: 1'))).toBe('c.yml:1: followRollouts: must be true or false (got 1)');
  });

  it('lays flags over the file over the defaults, and says where each came from', () => {
    const user = {
      dir: '/x',
      files: ['/x/config.yml'],
      configFile: '/x/config.yml',
      settings: parseConfig('/x/config.yml', 'refresh: 5\nlogs:\n  tail: 9\n'),
      aliases: [],
      hotkeys: [],
      plugins: [],
      skin: {},
    };
    const settings = effectiveSettings(user, {refresh: {value: 1, flag: '--refresh'}});
    expect(settings.refresh).toEqual({value: 1, from: '--refresh'});
    expect(settings.logTail).toEqual({value: 9, from: 'config.yml:3'});
    expect(settings.logLines).toEqual({value: 5000, from: 'default'});
    const printed = printSettings(settings, user.files);
    expect(printed).toMatch(/^# read \/x\/config\.yml\n/);
    expect(printed).toMatch(/^refresh +1 +--refresh$/m);
    expect(printed).toMatch(/^logs\.tail +9 +config\.yml:3$/m);
    expect(printed).toMatch(/^followRollouts +false +default$/m);
  });

  it('finds its folder under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configDir({XDG_CONFIG_HOME: '/cfg'}, '/home/u')).toBe('/cfg/swarmtop');
    expect(configDir({}, '/home/u')).toBe('/home/u/.config/swarmtop');
    // The XDG spec says a relative value is to be ignored.
    expect(configDir({XDG_CONFIG_HOME: 'rel'}, '/home/u')).toBe('/home/u/.config/swarmtop');
  });

  it('loads the files that exist, the skin the config names, and refuses a missing skin at its line', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'swarmtop-config-'));
    const dir = path.join(base, 'swarmtop');
    mkdirSync(path.join(dir, 'skins'), {recursive: true});
    expect(await loadUserConfig({XDG_CONFIG_HOME: base}, '/nowhere')).toMatchObject({files: [], settings: {}, plugins: []});
    writeFileSync(path.join(dir, 'config.yml'), 'refresh: 3\nskin: night\n');
    await expect(loadUserConfig({XDG_CONFIG_HOME: base}, '/nowhere')).rejects.toThrow(`${path.join(dir, 'config.yml')}:2: skin: no skin "night"`);
    writeFileSync(path.join(dir, 'skins', 'night.yml'), 'colors:\n  ok: "#00ff00"\n');
    writeFileSync(path.join(dir, 'aliases.yaml'), 'aliases:\n  w: services\n');
    const user = await loadUserConfig({XDG_CONFIG_HOME: base}, '/nowhere');
    expect(user.skin).toEqual({ok: '#00ff00'});
    expect(user.aliases).toEqual([{name: 'w', command: 'services', line: 2}]);
    expect(user.files.map(file => path.basename(file))).toEqual(['config.yml', 'aliases.yaml', 'night.yml']);
  });
});

describe('skins', () => {
  it('maps roles to colours, by name, #rrggbb or default', () => {
    expect(parseSkin('s.yml', 'colors:\n  header: magenta\n  tableHeader: "#112233"\n  selection: blueBright\n  stderr: default\n')).toEqual({
      header: 'magenta',
      tableHeader: '#112233',
      selection: 'blueBright',
      stderr: 'default',
    });
  });

  it('refuses unknown roles, colours that are not, and a file that is not a skin', () => {
    expect(complaint(() => parseSkin('s.yml', 'colors:\n  heder: red\n'))).toMatch(
      /^s\.yml:2: colors\.heder: unknown key \(known keys: header, tableHeader, selection/,
    );
    expect(complaint(() => parseSkin('s.yml', 'colors:\n  ok: lime\n'))).toMatch(/^s\.yml:2: colors\.ok: "lime" is not a colour/);
    expect(complaint(() => parseSkin('s.yml', 'colors:\n  ok: "#12345"\n'))).toMatch(/^s\.yml:2: colors\.ok: "#12345" is not a colour/);
    expect(complaint(() => parseSkin('s.yml', 'palette: {}\n'))).toMatch(/^s\.yml:1: palette: unknown key/);
    expect(complaint(() => parseSkin('s.yml', 'colors: red\n'))).toBe('s.yml:1: colors: must be a mapping of key: value (got "red")');
  });

  it('puts a skin in force, and on a 16-colour terminal uses the nearest named colour', () => {
    try {
      applySkin({ok: '#00ff00', header: 'magenta', tableHeader: '#101010'}, 24);
      expect(toneColor('ok')).toBe('#00ff00');
      expect(roleColor('header')).toBe('magenta');
      applySkin({ok: '#00ff00', tableHeader: '#101010', selection: '#0000f0'}, 4);
      expect(toneColor('ok')).toBe('greenBright');
      expect(roleColor('tableHeader')).toBe('black');
      expect(roleColor('selection')).toBe('blue');
      // Roles the skin leaves out keep the built-in colours.
      expect(toneColor('warn')).toBe('yellow');
      expect(nearestBasicColor('#cd0000')).toBe('red');
    } finally {
      applySkin({});
    }
    expect(toneColor('ok')).toBe('green');
  });
});

describe('aliases and hotkeys', () => {
  it('reads aliases as name: command', () => {
    expect(parseAliases('a.yml', 'aliases:\n  web: svc\n  Workers: ":nodes"\n')).toEqual([
      {name: 'web', command: 'svc', line: 2},
      {name: 'workers', command: 'nodes', line: 3},
    ]);
  });

  it('refuses bad aliases', () => {
    expect(complaint(() => parseAliases('a.yml', 'alias:\n  web: svc\n'))).toBe('a.yml:1: alias: unknown key (known keys: aliases)');
    expect(complaint(() => parseAliases('a.yml', 'aliases:\n  "two words": svc\n'))).toBe(
      'a.yml:2: aliases.two words: an alias is one word: letters, digits, - and _',
    );
    expect(complaint(() => parseAliases('a.yml', 'aliases:\n  web: ""\n'))).toBe('a.yml:2: aliases.web: must not be empty');
    expect(complaint(() => parseAliases('a.yml', 'aliases:\n  web: [svc]\n'))).toBe('a.yml:2: aliases.web: must be text (got a list)');
    expect(complaint(() => parseAliases('a.yml', 'aliases:\n  web: web\n'))).toBe('a.yml:2: aliases.web: an alias cannot stand for itself');
  });

  it('reads hotkeys in k9s form and names keys as bindings do', () => {
    expect(parseHotkeys('h.yml', 'hotKeys:\n  see-nodes:\n    shortCut: Shift-N\n    description: All nodes\n    command: nodes\n')).toEqual([
      {name: 'see-nodes', key: 'N', description: 'All nodes', command: 'nodes', line: 3},
    ]);
    expect(normaliseShortcut('Ctrl-T')).toBe('ctrl-t');
    expect(normaliseShortcut('x')).toBe('x');
    expect(normaliseShortcut('Shift-1')).toBeUndefined();
    expect(normaliseShortcut('F13')).toBeUndefined();
  });

  it('refuses bad hotkeys', () => {
    expect(complaint(() => parseHotkeys('h.yml', 'hotKeys:\n  n:\n    command: nodes\n'))).toBe('h.yml:2: hotKeys.n: needs a shortCut');
    expect(complaint(() => parseHotkeys('h.yml', 'hotKeys:\n  n:\n    shortCut: N\n'))).toBe('h.yml:2: hotKeys.n: needs a command');
    expect(complaint(() => parseHotkeys('h.yml', 'hotKeys:\n  n:\n    shortCut: Alt-N\n    command: nodes\n'))).toMatch(
      /^h\.yml:3: hotKeys\.n\.shortCut: "Alt-N" is not a key swarmtop can bind/,
    );
    expect(complaint(() => parseHotkeys('h.yml', 'hotKeys:\n  n:\n    shortCut: q\n    command: nodes\n'))).toBe(
      'h.yml:3: hotKeys.n.shortCut: q is kept for swarmtop itself',
    );
    expect(complaint(() => parseHotkeys('h.yml', 'hotKeys:\n  n:\n    shortCut: N\n    command: nodes\n    colour: red\n'))).toMatch(
      /^h\.yml:5: hotKeys\.n\.colour: unknown key/,
    );
  });
});

describe('plugins.yml', () => {
  const good = [
    'plugins:',
    '  where:',
    '    shortCut: Shift-W',
    '    description: Where it runs',
    '    scopes: [services, tasks]',
    '    command: echo',
    '    args: ["$SERVICE"]',
    '    background: true',
    '  wipe:',
    '    shortCut: Ctrl-X',
    '    scopes: all',
    '    command: docker',
    '    confirm: true',
    '    dangerous: true',
  ].join('\n');

  it('reads k9s fields with their defaults', () => {
    const [where, wipe] = parsePlugins('p.yml', good);
    expect(where).toEqual({
      name: 'where',
      key: 'W',
      description: 'Where it runs',
      scopes: ['services', 'tasks'],
      command: 'echo',
      args: ['$SERVICE'],
      background: true,
      confirm: false,
      dangerous: false,
      file: 'p.yml',
      line: 2,
    });
    expect(wipe).toMatchObject({key: 'ctrl-x', description: 'wipe', args: [], background: false, confirm: true, dangerous: true});
    expect(wipe!.scopes).toEqual(['nodes', 'services', 'tasks', 'stacks', 'networks', 'secrets', 'configs', 'volumes']);
  });

  it('refuses every kind of bad plugin', () => {
    const plugin = (fields: string) =>
      `plugins:\n  p:\n${fields
        .split('\n')
        .map(line => `    ${line}`)
        .join('\n')}\n`;
    const base = 'shortCut: Shift-P\nscopes: [services]\ncommand: echo';
    expect(complaint(() => parsePlugins('p.yml', plugin('scopes: [services]\ncommand: echo')))).toBe('p.yml:2: plugins.p: needs shortCut');
    expect(complaint(() => parsePlugins('p.yml', plugin('shortCut: Shift-P\ncommand: echo')))).toBe('p.yml:2: plugins.p: needs scopes');
    expect(complaint(() => parsePlugins('p.yml', plugin('shortCut: Shift-P\nscopes: [services]')))).toBe('p.yml:2: plugins.p: needs command');
    expect(complaint(() => parsePlugins('p.yml', plugin(`${base}\npipes: []`)))).toMatch(
      /^p\.yml:6: plugins\.p\.pipes: unknown key \(known keys: shortCut, description, scopes/,
    );
    expect(complaint(() => parsePlugins('p.yml', plugin('shortCut: Shift-P\nscopes: [pods]\ncommand: echo')))).toMatch(
      /^p\.yml:4: plugins\.p\.scopes: no pane is called "pods"/,
    );
    expect(complaint(() => parsePlugins('p.yml', plugin('shortCut: Shift-P\nscopes: []\ncommand: echo')))).toBe(
      'p.yml:4: plugins.p.scopes: needs at least one pane',
    );
    expect(complaint(() => parsePlugins('p.yml', plugin(`${base}\nbackground: sometimes`)))).toBe(
      'p.yml:6: plugins.p.background: must be true or false (got "sometimes")',
    );
    expect(complaint(() => parsePlugins('p.yml', plugin(`${base}\nargs: {a: 1}`)))).toBe('p.yml:6: plugins.p.args: must be text (got a mapping)');
    expect(complaint(() => parsePlugins('p.yml', plugin('shortCut: Meta-P\nscopes: [services]\ncommand: echo')))).toMatch(
      /^p\.yml:3: plugins\.p\.shortCut: "Meta-P" is not a key/,
    );
    expect(complaint(() => parsePlugins('p.yml', 'plugins:\n  p: echo\n'))).toBe('p.yml:2: plugins.p: must be a mapping of key: value (got "echo")');
    const twice = `plugins:\n  a:\n    shortCut: Shift-P\n    scopes: [services]\n    command: echo\n  b:\n    shortCut: Shift-P\n    scopes: [svc]\n    command: echo\n`;
    expect(complaint(() => parsePlugins('p.yml', twice))).toBe('p.yml:6: plugins.b.shortCut: P is already plugin "a"\'s key on the same pane');
  });
});
