import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { formatCheckpoint, parseCheckpoint } from './checkpoint';
import { cosignCheckpoint, verifyCosignature } from './cosignature';
import { hashLeaf } from './merkle-hash';
import {
  ALG_COSIGNATURE_V1,
  ALG_ED25519,
  ed25519NoteSigner,
  formatVerifierKey,
  openNote,
  parseVerifierKey,
  rawEd25519PublicKey,
  signNote,
  verifyNote,
} from './signed-note';
import { formatAddCheckpoint, parseAddCheckpoint } from './witness-protocol';

// Go's golang.org/x/mod/sumdb/note test keys and notes.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

function ed25519FromSeed(seed: Buffer): KeyObject {
  const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
  return createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
}

const peter = ed25519NoteSigner('PeterNeumann', ed25519FromSeed(PETER_SEED));

describe('C2SP signed notes against the Go reference', () => {
  it('derives the reference vkey and key id from the private key', () => {
    expect(formatVerifierKey('PeterNeumann', ALG_ED25519, rawEd25519PublicKey(ed25519FromSeed(PETER_SEED)))).toBe(PETER_VKEY);
    expect(peter.keyId.toString('hex')).toBe('c74f20a3');
  });

  it('signs the reference note byte for byte', () => {
    expect(signNote(TEXT, peter)).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('verifies the reference signatures, ignoring signatures by other keys', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(verifyNote(note, PETER_VKEY)).toMatchObject({ valid: true, text: TEXT });
    expect(verifyNote(note, ENOCH_VKEY)).toMatchObject({ valid: true, text: TEXT });
    expect(verifyNote(`${TEXT}\n${PETER_SIG}`, ENOCH_VKEY)).toMatchObject({ valid: false });
  });

  it('refuses a tampered signature, a tampered text and a signature line inserted into', () => {
    const tampered = PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60);
    expect(verifyNote(`${TEXT}\n${tampered}`, PETER_VKEY).valid).toBe(false);
    expect(verifyNote(`${TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, PETER_VKEY).valid).toBe(false);
    const flipped = Buffer.from(PETER_SIG.split(' ')[2], 'base64');
    flipped[10] ^= 1;
    expect(verifyNote(`${TEXT}\n\u2014 PeterNeumann ${flipped.toString('base64')}\n`, PETER_VKEY).valid).toBe(false);
    // A second line with the right name and id but a bad signature fails the note, like Go's Open.
    expect(verifyNote(`${TEXT}\n${PETER_SIG}${tampered}`, PETER_VKEY).valid).toBe(false);
  });

  it('refuses a signature under the right name with another key id, or under another name', () => {
    expect(verifyNote(`${TEXT}\n${PETER_SIG.replace('x08g', 'xxxx')}`, PETER_VKEY).valid).toBe(false);
    expect(verifyNote(`${TEXT}\n${PETER_SIG.replace('PeterNeumann', 'CarmenSandiego')}`, PETER_VKEY).valid).toBe(false);
  });

  it.each([
    ['no signature', TEXT],
    ['a blank line but no signature', `${TEXT}\n`],
    ['no final newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
    ['a control character', `\u0001${TEXT}\n${PETER_SIG}`],
    ['a name with a space', `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['a line after the signatures', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
    ['101 signatures', `${TEXT}\n${PETER_SIG.repeat(101)}`],
  ])('refuses a malformed note: %s', (_, note) => {
    expect(verifyNote(note, PETER_VKEY).valid).toBe(false);
  });

  it('accepts the reference vkey and refuses every mangling of it', () => {
    expect(parseVerifierKey(PETER_VKEY).ok).toBe(true);
    for (let i = 0; i < PETER_VKEY.length; i += 1) {
      const mangled = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect([mangled, parseVerifierKey(mangled).ok]).toEqual([mangled, false]);
    }
    for (const cut of [PETER_VKEY.slice(1), PETER_VKEY.slice(0, -1), PETER_VKEY.slice(0, 20)]) expect(parseVerifierKey(cut).ok).toBe(false);
    expect(parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==').ok).toBe(false);
    expect(parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW').ok).toBe(false);
  });

  it("parses a vkey whose base64 key holds '+' signs", () => {
    let vkey = '';
    while (!vkey.split('+').slice(2).join('+').includes('+')) {
      vkey = formatVerifierKey('log.example/a', ALG_ED25519, rawEd25519PublicKey(generateKeyPairSync('ed25519').privateKey));
    }
    expect(parseVerifierKey(vkey)).toMatchObject({ ok: true, key: { name: 'log.example/a' } });
  });
});

describe('checkpoints', () => {
  const root = hashLeaf(Buffer.from('root'));

  it('formats and parses a checkpoint with and without extension lines', () => {
    const text = formatCheckpoint({ origin: 'gantry.local/log', size: 42, root, extensions: [] });
    expect(text).toBe(`gantry.local/log\n42\n${root.toString('base64')}\n`);
    expect(parseCheckpoint(text)).toEqual({ ok: true, checkpoint: { origin: 'gantry.local/log', size: 42, root, extensions: [] } });
    const extended = formatCheckpoint({ origin: 'o', size: 0, root, extensions: ['ext one'] });
    expect(parseCheckpoint(extended)).toMatchObject({ ok: true, checkpoint: { extensions: ['ext one'] } });
  });

  it.each([
    ['no final newline', `o\n1\n${root.toString('base64')}`],
    ['two lines', 'o\n1\n'],
    ['an empty origin', `\n1\n${root.toString('base64')}\n`],
    ['a leading zero', `o\n01\n${root.toString('base64')}\n`],
    ['a negative size', `o\n-1\n${root.toString('base64')}\n`],
    ['a size past 2^53', `o\n9007199254740993\n${root.toString('base64')}\n`],
    ['a short root', `o\n1\n${root.subarray(1).toString('base64')}\n`],
    ['a URL-safe root', `o\n1\n${root.toString('base64url')}\n`],
    ['an empty extension line', `o\n1\n${root.toString('base64')}\n\n`],
  ])('refuses a checkpoint with %s', (_, text) => {
    expect(parseCheckpoint(text).ok).toBe(false);
  });
});

describe('cosignatures (C2SP tlog-cosignature v1)', () => {
  const witness = generateKeyPairSync('ed25519').privateKey;
  const witnessVkey = formatVerifierKey('witness.example/w1', ALG_COSIGNATURE_V1, rawEd25519PublicKey(witness));
  const log = generateKeyPairSync('ed25519').privateKey;
  const body = formatCheckpoint({ origin: 'example.com/log', size: 3, root: hashLeaf(Buffer.from('r')), extensions: [] });
  const signed = signNote(body, ed25519NoteSigner('example.com/log', log));

  it('verifies a cosignature added to a signed checkpoint, with its time', () => {
    const cosigned = signed + cosignCheckpoint(body, 'witness.example/w1', witness, 1679315147);
    expect(verifyCosignature(cosigned, witnessVkey)).toEqual({ valid: true, timestamp: 1679315147 });
    expect(openNote(cosigned)).toMatchObject({ ok: true, text: body });
  });

  it('refuses a cosignature over another checkpoint, another time, or by another key', () => {
    const line = cosignCheckpoint(body, 'witness.example/w1', witness, 1679315147);
    const other = formatCheckpoint({ origin: 'example.com/log', size: 4, root: hashLeaf(Buffer.from('r')), extensions: [] });
    expect(verifyCosignature(signNote(other, ed25519NoteSigner('example.com/log', log)) + line, witnessVkey).valid).toBe(false);
    const bytes = Buffer.from(line.trim().split(' ')[2], 'base64');
    bytes[11] ^= 1; // the time's last byte
    expect(verifyCosignature(`${signed}\u2014 witness.example/w1 ${bytes.toString('base64')}\n`, witnessVkey).valid).toBe(false);
    const stranger = cosignCheckpoint(body, 'witness.example/w1', generateKeyPairSync('ed25519').privateKey, 1679315147);
    expect(verifyCosignature(signed + stranger, witnessVkey).valid).toBe(false);
  });

  it('keeps the two signature types apart: a note key is not a witness key', () => {
    const cosigned = signed + cosignCheckpoint(body, 'witness.example/w1', witness, 1);
    const noteVkey = formatVerifierKey('witness.example/w1', ALG_ED25519, rawEd25519PublicKey(witness));
    expect(verifyCosignature(cosigned, noteVkey).valid).toBe(false);
    expect(verifyNote(cosigned, witnessVkey).valid).toBe(false);
  });
});

describe('the tlog-witness add-checkpoint request', () => {
  it('round-trips the old size, the proof and the note, and refuses a malformed body', () => {
    const proof = [hashLeaf(Buffer.from('a')), hashLeaf(Buffer.from('b'))];
    const request = { oldSize: 7, proof, note: `o\n8\n${proof[0].toString('base64')}\n\n\u2014 o AAAA\n` };
    expect(parseAddCheckpoint(formatAddCheckpoint(request))).toEqual({ ok: true, request });
    expect(parseAddCheckpoint(formatAddCheckpoint({ ...request, oldSize: 0, proof: [] }))).toMatchObject({ ok: true, request: { oldSize: 0, proof: [] } });
    for (const bad of ['old 7\nnot-base64\n\nnote', 'old -1\n\nnote', 'old 07\n\nnote', 'new 7\n\nnote', 'old 7'])
      expect(parseAddCheckpoint(bad).ok).toBe(false);
  });
});
