// Imported first by cli.tsx, before React and Ink load: React picks its build when it
// is first required, and its development build diffs and logs every component's props
// on each render (with tens of thousands of tasks in those props, most of the CPU).
// An explicit NODE_ENV (e.g. development, to debug) is left as it is.
process.env['NODE_ENV'] ??= 'production';
export {};
