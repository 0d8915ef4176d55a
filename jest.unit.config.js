// `npm run test:unit`: the fast suites only. No PostgreSQL (so no global setup), no Docker, no bubblewrap run, no Chromium.
// A suite listed here must need none of those: it may start in-process fakes (HTTP servers, the gRPC double) on loopback.
const { availableParallelism } = require('node:os');
const base = require('./jest.config');

const { globalSetup: _globalSetup, globalTeardown: _globalTeardown, ...withoutDatabase } = base;

/** @type {import('jest').Config} */
module.exports = {
  ...withoutDatabase,
  // One worker more than cores: a few suites mostly wait (a client's timeout, a spawned depcruise), and the suites share nothing.
  maxWorkers: availableParallelism() + 1,
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/lint/**/*.spec.ts',
    '<rootDir>/test/architect/famous-themes.spec.ts',
    '<rootDir>/test/architect/offline-architect.spec.ts',
    '<rootDir>/test/chaos/kind-invariants.spec.ts',
    '<rootDir>/test/event-store/eventstoredb-adapter.spec.ts',
    '<rootDir>/test/event-store/eventstoredb.contract.spec.ts',
    '<rootDir>/test/blob-store/s3-blob-store.spec.ts',
    '<rootDir>/test/cli/node-runtime.spec.ts',
    '<rootDir>/test/foundry/bounded-output.spec.ts',
    '<rootDir>/test/foundry/bwrap-units.spec.ts',
    '<rootDir>/test/llm/*.spec.ts',
    '<rootDir>/test/security/guardrails.spec.ts',
    '<rootDir>/test/shipping/github-publisher.spec.ts',
    '<rootDir>/test/shipping/github-checkpoint-publisher.spec.ts',
    '<rootDir>/test/shipping/vercel-deployer.spec.ts',
  ],
};
