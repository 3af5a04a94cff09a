import { createRequire } from 'node:module';

// vitest setupFiles: load the traffic guard with Node's own require, so it patches the real dns and net
// modules the code under test imports (see loopback-guard.cjs).
createRequire(import.meta.url)('./loopback-guard.cjs');
