// The kb command as a library, for tests and for embedding.

export { parseCommandLine, UsageError } from './args/parse-args.js';
export { run, USAGE } from './cli.js';
export { formatVague } from './render/dates.js';
export { renderTable, wrap } from './render/table.js';
