// `kb status` in a child process, killed with SIGKILL once its catch-up has committed past a given
// checkpoint (as a reader beside it sees in rm_meta): the crash tests of a rebuild and of going on
// after one.
import { spawn } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { KB_BIN } from './cli-test-kit.js';

export interface KillOptions {
  /** How long after the checkpoint passed to kill it (default at once). */
  readonly delayMs?: number;
  /** A module the child imports first (slowed-statement.ts's preloads). */
  readonly preload?: string;
  /** Whether the command may finish before the kill lands (a delay long enough for it). */
  readonly mayFinish?: boolean;
}

/** How the child ended: 'SIGKILL', or 'exit 0' where `mayFinish`; anything else throws, with its output. */
export async function statusKilledPast(
  path: string,
  from: number,
  options: KillOptions = {},
): Promise<string> {
  const { delayMs = 0, preload, mayFinish = false } = options;
  const args = [...(preload === undefined ? [] : ['--import', preload]), KB_BIN, 'status', '--store', path];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KB_STORE: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<string>((resolve) =>
    child.on('close', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  // A reader beside the writer: WAL readers see each commit and never hold it up.
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  const checkpoint = db.prepare("SELECT value FROM rm_meta WHERE key = 'checkpoint'").pluck();
  const kill = () => child.kill('SIGKILL');
  const watch = setInterval(() => {
    if (Number(checkpoint.get()) > from) {
      clearInterval(watch);
      if (delayMs === 0) kill();
      else setTimeout(kill, delayMs);
    }
  }, 1);
  try {
    const how = await exited;
    if (how !== 'SIGKILL' && !(mayFinish && how === 'exit 0'))
      throw new Error(`kb status ended with ${how}: ${output}`);
    return how;
  } finally {
    clearInterval(watch);
    db.close();
  }
}
