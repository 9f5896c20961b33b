#!/usr/bin/env node
// The `kb` command. The sources are TypeScript; kb runs them from a bundle kept in
// node_modules/.cache/kb-cli and made again when a source changed (bundled-entry.js), or, when no
// bundle can be had, through tsx. Nothing needs building first either way.
// Loading the sources takes a moment, before any command has set up its own answer to Ctrl-C or
// SIGTERM (an ingest commits what it read, then stops). A signal in that time stops kb with nothing
// read or written, and says so, with the exit code of an interrupted ingest; main.ts takes this
// answer away once the command's code is loaded.
/** @param {NodeJS.Signals} name */
const startingUp = (name) => {
  process.stderr.write(`kb: ${name} while starting: stopped before anything was read or written\n`);
  process.exit(130);
};
/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for('kb.startingUp')] = startingUp;
process.on('SIGINT', startingUp);
process.on('SIGTERM', startingUp);

const bundled =
  process.env['KB_RUN_SOURCES'] === '1' ? null : await (await import('./bundled-entry.js')).bundledEntry();
if (bundled !== null) {
  // --debug's stack traces name the TypeScript sources, through the bundle's source map.
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  await import(bundled.entry);
} else {
  // tsx itself is loaded after the handler is set, as loading it takes a while too.
  const { register } = await import('tsx/esm/api');
  register();
  // A path tsc would not take as it is: tsx, registered just now, loads it.
  const main = '../src/main.ts';
  await import(main);
}
