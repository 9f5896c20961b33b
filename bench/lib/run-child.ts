// Runs a TypeScript script in a child Node process (through tsx) and measures its peak memory.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildRun {
  readonly stdout: string;
  /** Peak resident set size of the child, in MiB, as the child itself reported it on exit. */
  readonly peakRssMb: number;
}

const REPORTER = fileURLToPath(new URL('./report-rss.ts', import.meta.url));

/** Runs `node --import tsx scriptPath ...args`; rejects when it exits non-zero. stderr is passed through. */
export function runChild(
  scriptPath: string,
  args: readonly string[] = [],
  options: { env?: NodeJS.ProcessEnv; nodeOptions?: readonly string[] } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.nodeOptions ?? []), '--import', 'tsx', '--import', REPORTER, scriptPath, ...args],
      { stdio: ['ignore', 'pipe', 'inherit', 'pipe'], env: options.env ?? process.env },
    );
    let stdout = '';
    let report = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => {
      report += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${scriptPath} exited with ${code ?? signal}`));
        return;
      }
      const kb = Number((JSON.parse(report.trim() || '{}') as { maxRssKb?: number }).maxRssKb);
      if (!Number.isFinite(kb)) {
        reject(new Error(`${scriptPath} did not report its peak memory`));
        return;
      }
      resolve({ stdout, peakRssMb: kb / 1024 });
    });
  });
}
