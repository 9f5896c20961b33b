#!/usr/bin/env node
// The `kb` command. The sources are TypeScript run through tsx, so nothing needs building first.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
