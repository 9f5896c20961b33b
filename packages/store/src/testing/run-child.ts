// Child processes for the stress tests: TypeScript scripts run through tsx, their output collected
// line by line so a test can react to a line (kill the child after its n-th commit, say).
import { type ChildProcess, spawn } from 'node:child_process';

/** A running child: its process, the lines it printed so far, and how it ended. */
export interface Child {
  readonly process: ChildProcess;
  readonly stdout: string[];
  readonly stderr: () => string;
  /** Resolves with the exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a printed line matches, or null when the child ends first. */
  waitForLine(test: (line: string) => boolean): Promise<string | null>;
}

/** Spawns `node --import tsx script ...args`, or `node script ...args` for a .js file. */
export function runChild(script: string, args: readonly string[], cwd?: string): Child {
  const nodeArgs = script.endsWith('.ts') ? ['--import', 'tsx', script, ...args] : [script, ...args];
  const child = spawn(process.execPath, nodeArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  const stdout: string[] = [];
  let err = '';
  let partial = '';
  let waiters: { test: (line: string) => boolean; resolve: (line: string | null) => void }[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      stdout.push(line);
      waiters = waiters.filter((w) => {
        if (!w.test(line)) return true;
        w.resolve(line);
        return false;
      });
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters) w.resolve(null);
      waiters = [];
      resolve({ code, signal });
    });
  });
  return {
    process: child,
    stdout,
    stderr: () => err,
    exited,
    waitForLine(test) {
      const seen = stdout.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(null);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}
