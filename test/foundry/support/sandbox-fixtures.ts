import type { SandboxFile, SandboxJob } from '../../../src/missions/ports/sandbox.port';

/** A tiny project with a `node --test` suite; `broken` makes the code under test wrong. */
export function nodeTestProject(broken = false): SandboxFile[] {
  return [
    { path: 'package.json', content: JSON.stringify({ name: 'tiny', version: '1.0.0', private: true }) },
    { path: 'src/sum.js', content: `exports.sum = (a, b) => a ${broken ? '-' : '+'} b;\n` },
    {
      path: 'test/sum.test.js',
      content: [
        "const test = require('node:test');",
        "const assert = require('node:assert');",
        "const { sum } = require('../src/sum.js');",
        "test('adds two numbers', () => assert.strictEqual(sum(2, 3), 5));",
        "test('adds a negative number', () => assert.strictEqual(sum(2, -3), -1));",
        '',
      ].join('\n'),
    },
  ];
}

let counter = 0;

export function job(command: string, overrides: Partial<SandboxJob> = {}): SandboxJob {
  counter += 1;
  return { missionId: `mission-${counter}`, attempt: 1, files: [], command, timeoutMs: 30_000, ...overrides };
}
