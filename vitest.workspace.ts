// The list of test projects, one per package. Vitest 4 no longer reads this file on its own:
// vitest.config.ts imports it into `test.projects`, so this stays the one place to add a package.
export const projects = [
  'packages/domain',
  'packages/store',
  'packages/projections',
  'packages/ingest',
  'packages/cli',
] as const;

export default projects;
