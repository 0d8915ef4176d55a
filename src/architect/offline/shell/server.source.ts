/** `node server.js`: the runCommand. A static file server that never leaves the project directory. */
export const SERVER_JS = String.raw`'use strict';
// Serves this folder on PORT (default 3000): node server.js, then open http://localhost:3000
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml'
};

/** The file a request asks for, or null when it would leave the root or name a hidden file. */
function resolveRequestPath(root, requestUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname);
  } catch (error) {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.resolve(root, '.' + pathname);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  if (relative.split(path.sep).some((part) => part.startsWith('.'))) return null;
  return file;
}

function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function createServer(root) {
  return http.createServer((request, response) => {
    const file = resolveRequestPath(root, request.url);
    if (!file) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('Bad request');
      return;
    }
    fs.readFile(file, (error, data) => {
      if (error) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('Not found');
        return;
      }
      response.writeHead(200, { 'content-type': contentType(file), 'x-content-type-options': 'nosniff' });
      response.end(data);
    });
  });
}

if (require.main === module) {
  const port = Number(process.env.PORT) || 3000;
  createServer(__dirname).listen(port, () => console.log('Serving on http://localhost:' + port));
}

module.exports = { resolveRequestPath, contentType, createServer };
`;

export const SERVER_TEST_JS = String.raw`'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { resolveRequestPath, contentType } = require('../server.js');

const root = path.resolve('/srv/app');

test('the root serves index.html and files resolve inside the project', () => {
  assert.equal(resolveRequestPath(root, '/%2e%2e/inside'), path.join(root, 'inside'));
  assert.equal(resolveRequestPath(root, '/'), path.join(root, 'index.html'));
  assert.equal(resolveRequestPath(root, '/src/app-kit.js?v=1'), path.join(root, 'src', 'app-kit.js'));
});

test('paths that climb out of the project or name hidden files are refused', () => {
  assert.equal(resolveRequestPath(root, '/..%2f..%2fsecret'), null);
  assert.equal(resolveRequestPath(root, '/a/..%2f..%2f..%2fsecret'), null);
  assert.equal(resolveRequestPath(root, '/.env'), null);
  assert.equal(resolveRequestPath(root, '/%E0%A4%A'), null);
});

test('content types follow the extension', () => {
  assert.equal(contentType('index.html'), 'text/html; charset=utf-8');
  assert.equal(contentType('x.unknown'), 'application/octet-stream');
});
`;
