#!/usr/bin/env node
// Verifies a Gantry audit bundle (bundle.json) against the log's verifier key, offline.
//
//   node scripts/verify-bundle.mjs BUNDLE KEYFILE      exit 0 valid, 1 tampered, 2 error
//
// One file, no dependencies: it runs on Node 20+ alone (copy it anywhere) and, unchanged, in the browser
// (the console's Black Box panel imports it). It uses Web Crypto (Ed25519 and SHA-256; on Node, SHA-256
// from node:crypto for speed), so the same checks run in both places. KEYFILE holds the log's verifier key line
// (`<name>+<key id>+<base64 key>`, as GET /gantry/log/key serves it). The bundle's format is in the README.

export const BUNDLE_FORMAT = 'gantry-audit-bundle/1';
const BUNDLE_FIELDS = ['format', 'mission_id', 'stream', 'key', 'checkpoint', 'events', 'evidence'];
const EVENT_FIELDS = ['revision', 'leaf_index', 'hash', 'canonical', 'inclusion_proof'];
const EVIDENCE_FIELDS = ['revision', 'file', 'sha256'];
const GENESIS_HASH = '0'.repeat(64);
const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const utf8 = (text) => new TextEncoder().encode(text);
const hex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const equal = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);
// Node hashes synchronously (a bundle needs thousands of hashes; Web Crypto's digest is a thread-pool round trip each).
const nodeCrypto = typeof process !== 'undefined' && process.versions?.node ? await import('node:crypto') : null;
const sha256 = async (bytes) =>
  nodeCrypto ? new Uint8Array(nodeCrypto.createHash('sha256').update(bytes).digest()) : new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/** Standard base64 that round-trips exactly, or null. */
export function base64Strict(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return btoa(String.fromCharCode(...bytes)) === text ? bytes : null;
}

class Tampered extends Error {}
const fail = (reason) => {
  throw new Tampered(reason);
};
const check = (condition, reason) => condition || fail(reason);

function exactFields(value, fields, what) {
  check(value !== null && typeof value === 'object' && !Array.isArray(value), `${what} is not an object`);
  const keys = Object.keys(value);
  check(keys.length === fields.length && keys.every((key, i) => key === fields[i]), `${what} must have exactly the fields ${fields.join(', ')}`);
}

/** `<name>+<hex key id>+<base64(0x01 ‖ 32-byte Ed25519 key)>`, its key id checked (C2SP signed-note). */
async function parseVerifierKey(line) {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(line);
  check(match, 'the verifier key is not <name>+<key id>+<key>');
  const material = base64Strict(match[3]);
  check(material && material.length === 33 && material[0] === 0x01, 'the verifier key is not an Ed25519 note key');
  const id = (await sha256(concat(utf8(`${match[1]}\n`), material))).slice(0, 4);
  check(hex(id) === match[2], 'the key id does not match the name and key');
  const publicKey = await crypto.subtle.importKey('raw', material.slice(1), { name: 'Ed25519' }, false, ['verify']);
  return { name: match[1], keyId: id, publicKey };
}

/** The checkpoint note: its text signed by the key (its only signature line), and the size and root it states. */
async function openCheckpoint(note, key) {
  check(typeof note === 'string' && note.endsWith('\n'), 'the checkpoint is not a signed note');
  const split = note.lastIndexOf('\n\n');
  check(split > 0, 'the checkpoint is not text, a blank line and a signature');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  check(lines.length === 1, "the checkpoint must carry exactly one signature line, the log key's");
  const match = /^\u2014 (\S+) (\S+)$/.exec(lines[0]);
  const signed = match && base64Strict(match[2]);
  check(signed && signed.length === 68, 'the checkpoint signature line is malformed');
  check(match[1] === key.name && equal(signed.slice(0, 4), key.keyId), `the checkpoint is not signed by ${key.name} (another key signed it)`);
  const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key.publicKey, signed.slice(4), utf8(text));
  check(valid, `the checkpoint signature by ${key.name} does not verify`);
  const [origin, sizeText, rootText, ...rest] = text.slice(0, -1).split('\n');
  check(origin && /^(0|[1-9][0-9]*)$/.test(sizeText ?? '') && rest.every((line) => line.length > 0), 'the checkpoint body is malformed');
  const root = base64Strict(rootText);
  check(root && root.length === 32, 'the checkpoint root is not 32 bytes');
  return { origin, size: Number(sizeText), root, rootBase64: rootText };
}

const leafHash = (chainHash) =>
  sha256(
    concat(
      new Uint8Array([0]),
      Uint8Array.from(chainHash.match(/../g), (h) => parseInt(h, 16)),
    ),
  );
const nodeHash = (left, right) => sha256(concat(new Uint8Array([1]), left, right));

/** RFC 9162 §2.1.3.2: does `proof` lead from the leaf at `index` of a tree of `size` to `root`? */
async function inclusionHolds(leaf, index, size, proof, root) {
  if (index >= size) return false;
  let [fn, sn, r] = [index, size - 1, leaf];
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, Math.floor(sn / 2)];
    } else r = await nodeHash(r, p);
    [fn, sn] = [Math.floor(fn / 2), Math.floor(sn / 2)];
  }
  return sn === 0 && equal(r, root);
}

/** The evidence files the events name, with the hash each event recorded for it. */
export function evidenceNamedBy(revision, type, data) {
  const named = [];
  if (type === 'BlueprintDrafted' && Array.isArray(data.files)) {
    for (const file of data.files) named.push([`attempts/${data.attempt}/files/${file.path}`, file.sha256]);
  }
  if (type === 'BuildAttemptFinished' && !data.abandoned) named.push([`attempts/${data.attempt}/build.log`, data.logSha256]);
  if (type === 'DesignImageAttached') named.push([data.evidencePath, data.sha256]);
  if (type === 'PullRequestOpened') named.push(['pull-request.md', data.descriptionSha256]);
  return named.map(([file, sha256]) => ({ revision, file, sha256 }));
}

async function checkEvents(bundle, checkpoint) {
  check(Array.isArray(bundle.events) && bundle.events.length > 0, 'the bundle has no events');
  let prevHash = GENESIS_HASH;
  let lastLeaf = -1;
  const named = [];
  for (const [i, event] of bundle.events.entries()) {
    exactFields(event, EVENT_FIELDS, `event ${i}`);
    const where = `event ${i}`;
    check(event.revision === i, `${where}: revision ${event.revision} is out of place (events must run 0, 1, 2 …)`);
    check(typeof event.canonical === 'string' && HEX64.test(event.hash), `${where}: malformed`);
    check(hex(await sha256(utf8(event.canonical))) === event.hash, `${where}: its hash does not match its stored bytes`);
    let envelope;
    try {
      envelope = JSON.parse(event.canonical);
    } catch {
      fail(`${where}: its stored bytes are not JSON`);
    }
    check(envelope.stream === bundle.stream && envelope.revision === i, `${where}: it was sealed as ${envelope.stream}@${envelope.revision}`);
    check(envelope.prevHash === prevHash, `${where}: it is chained to another hash than event ${i - 1}'s (an event was changed, removed or reordered)`);
    if (i === 0) check(envelope.type === 'MissionOpened' && envelope.data?.missionId === bundle.mission_id, 'event 0 does not open this mission');
    check(Number.isSafeInteger(event.leaf_index) && event.leaf_index > lastLeaf, `${where}: leaf index ${event.leaf_index} is out of order`);
    check(event.leaf_index < checkpoint.size, `${where}: leaf ${event.leaf_index} is not in the checkpoint's tree of ${checkpoint.size}`);
    check(Array.isArray(event.inclusion_proof), `${where}: no inclusion proof`);
    const proof = event.inclusion_proof.map((text) => base64Strict(text));
    check(
      proof.every((hash) => hash && hash.length === 32),
      `${where}: an inclusion proof hash is not 32 bytes of base64`,
    );
    const included = await inclusionHolds(await leafHash(event.hash), event.leaf_index, checkpoint.size, proof, checkpoint.root);
    check(included, `${where}: leaf ${event.leaf_index} is not in the signed tree of ${checkpoint.size} (its inclusion proof fails)`);
    named.push(...evidenceNamedBy(i, envelope.type, envelope.data ?? {}));
    prevHash = event.hash;
    lastLeaf = event.leaf_index;
  }
  return named;
}

function checkEvidence(bundle, named) {
  check(Array.isArray(bundle.evidence) && bundle.evidence.length === named.length, `the bundle must list the ${named.length} evidence files the events name`);
  bundle.evidence.forEach((entry, i) => {
    exactFields(entry, EVIDENCE_FIELDS, `evidence ${i}`);
    const expected = named[i];
    check(
      entry.revision === expected.revision && entry.file === expected.file,
      `evidence ${i}: expected ${expected.file} (named by event ${expected.revision})`,
    );
    check(entry.sha256 !== null, `evidence ${entry.file}: the file was missing when the bundle was exported`);
    check(entry.sha256 === expected.sha256, `evidence ${entry.file}: its SHA-256 is not the one event ${expected.revision} recorded`);
  });
}

/**
 * Verifies a bundle's exact text against a trusted verifier key line. Resolves with
 * `{ valid: true, mission, stream, events, leaves: [first, last], evidence, checkpoint: { origin, size, root } }`
 * or `{ valid: false, reason }`; never throws for a bad bundle.
 */
export async function verifyBundle(bundleText, trustedKeyLine) {
  try {
    let bundle;
    try {
      bundle = JSON.parse(bundleText);
    } catch {
      fail('the bundle is not JSON');
    }
    check(`${JSON.stringify(bundle, null, 2)}\n` === bundleText, 'the bundle is not byte for byte in its exported form');
    exactFields(bundle, BUNDLE_FIELDS, 'the bundle');
    check(bundle.format === BUNDLE_FORMAT, `the bundle's format is not ${BUNDLE_FORMAT}`);
    check(UUID.test(bundle.mission_id) && bundle.stream === `mission-${bundle.mission_id}`, 'the bundle does not name a mission stream');
    const trusted = String(trustedKeyLine).trim();
    check(bundle.key === trusted, 'the bundle names another verifier key than the one trusted');
    const key = await parseVerifierKey(trusted);
    const checkpoint = await openCheckpoint(bundle.checkpoint, key);
    const named = await checkEvents(bundle, checkpoint);
    checkEvidence(bundle, named);
    const { events } = bundle;
    return {
      valid: true,
      mission: bundle.mission_id,
      stream: bundle.stream,
      events: events.length,
      leaves: [events[0].leaf_index, events[events.length - 1].leaf_index],
      evidence: named.length,
      checkpoint: { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.rootBase64 },
    };
  } catch (error) {
    if (error instanceof Tampered) return { valid: false, reason: error.message };
    return { valid: false, reason: `the bundle is malformed (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The lines an auditor reads for a result. */
export function describeBundleResult(result) {
  if (!result.valid) return [`TAMPERED  ${result.reason}`];
  const { checkpoint } = result;
  return [
    `VALID  ${result.stream}: ${result.events} events chained, leaves ${result.leaves[0]}–${result.leaves[1]} included, ${result.evidence} evidence hashes as recorded`,
    `checkpoint  ${checkpoint.origin} size ${checkpoint.size} root ${checkpoint.root} (signature verified)`,
  ];
}

async function main(argv) {
  const { readFile } = await import('node:fs/promises');
  const [bundlePath, keyPath] = argv;
  if (!bundlePath || !keyPath) {
    process.stderr.write('usage: verify-bundle.mjs BUNDLE KEYFILE\n');
    return 2;
  }
  let texts;
  try {
    texts = await Promise.all([readFile(bundlePath, 'utf8'), readFile(keyPath, 'utf8')]);
  } catch (error) {
    process.stderr.write(`verify-bundle: ${error.message}\n`);
    return 2;
  }
  const result = await verifyBundle(texts[0], texts[1]);
  for (const line of describeBundleResult(result)) (result.valid ? process.stdout : process.stderr).write(`${line}\n`);
  return result.valid ? 0 : 1;
}

const runAsScript = typeof process !== 'undefined' && process.argv?.[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href;
if (runAsScript) process.exitCode = await main(process.argv.slice(2));
