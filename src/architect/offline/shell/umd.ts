/**
 * Generated modules are UMD: the page loads them with <script> (a global), the tests with require().
 * Generated source is written with String.raw so that its regular expressions keep their backslashes;
 * it never uses template literals itself.
 */
export function umdModule(global: string, summary: string, body: string): string {
  return String.raw`/* ${summary} */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.${global} = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
${body.trim()}
});
`;
}

/** A node:test file for one module. */
export function testFile(global: string, modulePath: string, body: string): string {
  return String.raw`'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const ${global} = require('../${modulePath}');

${body.trim()}
`;
}
