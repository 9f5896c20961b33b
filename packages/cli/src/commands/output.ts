/** Where a command writes its answer: text for people, JSON for scripts. */
export interface Output {
  text(line: string): void;
  json(value: unknown): void;
  error(line: string): void;
}

export function processOutput(): Output {
  return {
    text: (line) => process.stdout.write(`${line}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
  };
}
