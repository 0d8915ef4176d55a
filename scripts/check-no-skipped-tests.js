#!/usr/bin/env node
// Reads Jest's --json output and fails when any test was skipped, focused away, left as a todo, or none ran.
const { readFileSync } = require('node:fs');

const file = process.argv[2];
const results = JSON.parse(readFileSync(file, 'utf8'));
const problems = [];
if (results.numTotalTests === 0) problems.push('no test ran');
if (results.numPendingTests > 0) problems.push(`${results.numPendingTests} tests skipped`);
if (results.numTodoTests > 0) problems.push(`${results.numTodoTests} tests left as todo`);
for (const suite of results.testResults) {
  for (const test of suite.assertionResults) {
    if (test.status !== 'passed' && test.status !== 'failed') problems.push(`${test.status}: ${test.fullName} (${suite.name})`);
  }
}
if (problems.length > 0) {
  console.error(`Skipped-test check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Skipped-test check: ${results.numTotalTests} tests in ${results.numTotalTestSuites} suites, none skipped.`);
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed`);
