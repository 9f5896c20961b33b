// The kb command as a library, for tests and for embedding.
export { run, USAGE } from './cli.js';
export { parseCommandLine, UsageError } from './args/parse-args.js';
export { renderTable, wrap } from './render/table.js';
export { formatVague } from './render/dates.js';
