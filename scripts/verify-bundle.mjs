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
const HEX_DIGITS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const hex = (bytes) => {
  let out = '';
  for (const byte of bytes) out += HEX_DIGITS[byte];
  return out;
};
const fromHex = (text) => {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
};
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const equal = (a, b) => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
};

// Node hashes synchronously with its own SHA-256; elsewhere (the browser) Web Crypto, whose every digest is a
// round trip off the main thread: so digests are asked for in batches, all at once, never one await per hash.
const nodeCrypto = typeof process !== 'undefined' && process.versions?.node ? await import('node:crypto') : null;
const NODE_PREFIX = new Uint8Array([1]);
const webDigest = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
function hasher(webCryptoOnly) {
  if (nodeCrypto && !webCryptoOnly) {
    const one = (...parts) => {
      const hash = nodeCrypto.createHash('sha256');
      for (const part of parts) hash.update(part);
      return new Uint8Array(hash.digest());
    };
    return {
      digest: async (bytes) => one(bytes),
      digestAll: async (list) => list.map((bytes) => one(bytes)),
      nodeAll: async (pairs) => pairs.map(([left, right]) => one(NODE_PREFIX, left, right)),
    };
  }
  return {
    digest: webDigest,
    digestAll: (list) => Promise.all(list.map(webDigest)),
    nodeAll: (pairs) => {
      const inputs = new Uint8Array(65 * pairs.length);
      return Promise.all(
        pairs.map(([left, right], i) => {
          const input = inputs.subarray(65 * i, 65 * (i + 1));
          input[0] = 1;
          input.set(left, 1);
          input.set(right, 33);
          return webDigest(input);
        }),
      );
    },
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 that round-trips exactly (canonical padding and unused bits zero), or null. */
export function base64Strict(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding > 0 && BASE64.indexOf(text[text.length - padding - 1]) & (padding === 2 ? 0x0f : 0x03)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
async function parseVerifierKey(line, hashing) {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(line);
  check(match, 'the verifier key is not <name>+<key id>+<key>');
  const material = base64Strict(match[3]);
  check(material && material.length === 33 && material[0] === 0x01, 'the verifier key is not an Ed25519 note key');
  const id = (await hashing.digest(concat(utf8(`${match[1]}\n`), material))).slice(0, 4);
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

const LEAF_PREFIX = new Uint8Array([0]);

/** The children of the nodes one batch hashes, each distinct pair once (looked up by a prefix, then compared whole). */
class DistinctPairs {
  pairs = [];
  #byPrefix = new Map();

  /** The pair's place in `pairs`. */
  add(left, right) {
    const prefix = ((left[0] << 24) | (left[1] << 16) | (right[0] << 8) | right[1]) >>> 0;
    const candidates = this.#byPrefix.get(prefix);
    const found = candidates?.find((at) => equal(this.pairs[at][0], left) && equal(this.pairs[at][1], right));
    if (found !== undefined) return found;
    this.pairs.push([left, right]);
    if (candidates) candidates.push(this.pairs.length - 1);
    else this.#byPrefix.set(prefix, [this.pairs.length - 1]);
    return this.pairs.length - 1;
  }
}

/**
 * RFC 9162 §2.1.3.2 for every proof at once: does each proof lead from its leaf at `index` of a tree of
 * `size` to `root`? The proofs are walked a level at a time, each level's node hashes asked for in one
 * batch, and a node two proofs share (the same two children) is hashed once.
 */
async function inclusionsHold(proofs, size, root, hashing) {
  const walks = proofs.map(({ leaf, index, proof }) => ({ fn: index, sn: size - 1, r: leaf, proof, at: 0, ok: index < size }));
  for (;;) {
    const batch = new DistinctPairs();
    const steps = [];
    for (const walk of walks) {
      if (!walk.ok || walk.at === walk.proof.length) continue;
      if (walk.sn === 0) {
        walk.ok = false;
        continue;
      }
      const p = walk.proof[walk.at];
      const right = walk.fn % 2 === 1 || walk.fn === walk.sn;
      if (right) {
        while (walk.fn % 2 === 0 && walk.fn !== 0) {
          walk.fn /= 2;
          walk.sn = Math.floor(walk.sn / 2);
        }
      }
      walk.fn = Math.floor(walk.fn / 2);
      walk.sn = Math.floor(walk.sn / 2);
      walk.at += 1;
      steps.push([walk, right ? batch.add(p, walk.r) : batch.add(walk.r, p)]);
    }
    if (steps.length === 0) break;
    const hashes = await hashing.nodeAll(batch.pairs);
    for (const [walk, at] of steps) walk.r = hashes[at];
  }
  return walks.map((walk) => walk.ok && walk.sn === 0 && equal(walk.r, root));
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
  if (RECORD_FILES[type] && typeof data.recordSha256 === 'string') named.push([RECORD_FILES[type], data.recordSha256]);
  return named.map(([file, sha256]) => ({ revision, file, sha256 }));
}

/** The deployment and pull-request records, named by the events recorded with them (since they carry `recordSha256`). */
const RECORD_FILES = {
  DeploymentSucceeded: 'deployment.json',
  DeploymentFailed: 'deployment.json',
  PullRequestOpened: 'pull-request.json',
  PublishFailed: 'pull-request.json',
};

/** Each event's shape, place, chain link and leaf index, in order, against the digests of its stored bytes. */
function checkEventOrder(bundle, checkpoint, digests) {
  let prevHash = GENESIS_HASH;
  let lastLeaf = -1;
  const named = [];
  const proofs = [];
  for (const [i, event] of bundle.events.entries()) {
    const where = `event ${i}`;
    check(event.revision === i, `${where}: revision ${event.revision} is out of place (events must run 0, 1, 2 …)`);
    check(typeof event.canonical === 'string' && HEX64.test(event.hash), `${where}: malformed`);
    check(digests[i] === event.hash, `${where}: its hash does not match its stored bytes`);
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
    proofs.push({ index: event.leaf_index, proof });
    named.push(...evidenceNamedBy(i, envelope.type, envelope.data ?? {}));
    prevHash = event.hash;
    lastLeaf = event.leaf_index;
  }
  return { named, proofs };
}

async function checkEvents(bundle, checkpoint, hashing) {
  check(Array.isArray(bundle.events) && bundle.events.length > 0, 'the bundle has no events');
  bundle.events.forEach((event, i) => exactFields(event, EVENT_FIELDS, `event ${i}`));
  const stored = bundle.events.map((event) => (typeof event.canonical === 'string' ? utf8(event.canonical) : new Uint8Array(0)));
  const digests = (await hashing.digestAll(stored)).map(hex);
  const { named, proofs } = checkEventOrder(bundle, checkpoint, digests);
  const leaves = await hashing.digestAll(bundle.events.map((event) => concat(LEAF_PREFIX, fromHex(event.hash))));
  const held = await inclusionsHold(
    proofs.map((proof, i) => ({ ...proof, leaf: leaves[i] })),
    checkpoint.size,
    checkpoint.root,
    hashing,
  );
  const outside = held.indexOf(false);
  check(outside < 0, `event ${outside}: leaf ${proofs[outside]?.index} is not in the signed tree of ${checkpoint.size} (its inclusion proof fails)`);
  return named;
}

/**
 * Each evidence file against the hash its event recorded. A file named again by a later event (a retried
 * run's attempt files, a new deployment record) was replaced by that event: only the last naming must match
 * the file, and every earlier entry must carry the same hash as the last (it is the same file).
 */
function checkEvidence(bundle, named) {
  check(Array.isArray(bundle.evidence) && bundle.evidence.length === named.length, `the bundle must list the ${named.length} evidence files the events name`);
  const last = new Map(named.map((entry, i) => [entry.file, i]));
  bundle.evidence.forEach((entry, i) => {
    exactFields(entry, EVIDENCE_FIELDS, `evidence ${i}`);
    const expected = named[i];
    check(
      entry.revision === expected.revision && entry.file === expected.file,
      `evidence ${i}: expected ${expected.file} (named by event ${expected.revision})`,
    );
  });
  bundle.evidence.forEach((entry, i) => {
    const latest = last.get(entry.file);
    if (latest !== i) {
      const replacedBy = bundle.evidence[latest];
      check(entry.sha256 === replacedBy.sha256, `evidence ${i}: ${entry.file} is listed with another hash than the same file at evidence ${latest}`);
      return;
    }
    check(entry.sha256 !== null, `evidence ${entry.file}: the file was missing when the bundle was exported`);
    check(entry.sha256 === named[i].sha256, `evidence ${entry.file}: its SHA-256 is not the one event ${named[i].revision} recorded`);
  });
}

/**
 * Verifies a bundle's exact text against a trusted verifier key line. Resolves with
 * `{ valid: true, mission, stream, events, leaves: [first, last], evidence, checkpoint: { origin, size, root } }`
 * or `{ valid: false, reason }`; never throws for a bad bundle. `options.webCryptoOnly` hashes with Web Crypto
 * on Node too, as the browser does (for measuring).
 */
export async function verifyBundle(bundleText, trustedKeyLine, options = {}) {
  const hashing = hasher(options.webCryptoOnly === true);
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
    const key = await parseVerifierKey(trusted, hashing);
    const checkpoint = await openCheckpoint(bundle.checkpoint, key);
    const named = await checkEvents(bundle, checkpoint, hashing);
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
