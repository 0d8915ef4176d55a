import { generateKeyPairSync } from 'node:crypto';
import { ALG_ED25519, ed25519NoteSigner, formatVerifierKey, rawEd25519PublicKey, signNote } from '../../../kernel/transparency/signed-note';
import { LogKeyMismatchError, logSignedNote } from './audit-bundle';

function logKey(name: string) {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { signer: ed25519NoteSigner(name, privateKey), vkey: formatVerifierKey(name, ALG_ED25519, rawEd25519PublicKey(privateKey)) };
}

const CHECKPOINT_TEXT = 'gantry.example/log\n3\nqOiHCHNx8VpvQS+zNbbOtbfsSGiSYJ1qhIcbgbYhbCU=\n';

describe('the checkpoint a bundle carries', () => {
  it('keeps the log signature when the note is signed by the key this process holds', () => {
    const own = logKey('gantry.example/log');
    const note = signNote(CHECKPOINT_TEXT, own.signer);
    expect(logSignedNote(note, own.vkey)).toBe(note);
  });

  it('refuses, as unavailable and not as a crash, a checkpoint signed by another process key', () => {
    const own = logKey('gantry.example/log');
    const other = logKey('gantry.example/log');
    const note = signNote(CHECKPOINT_TEXT, other.signer);
    const refusal = (() => {
      try {
        logSignedNote(note, own.vkey);
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(LogKeyMismatchError);
    expect(refusal).toMatchObject({ kind: 'unavailable', code: 'LOG_KEY_MISMATCH' });
    expect((refusal as LogKeyMismatchError).message).toContain('GANTRY_LOG_KEY_FILE');
  });

  it('refuses a malformed verifier key the same way', () => {
    const other = logKey('gantry.example/log');
    expect(() => logSignedNote(signNote(CHECKPOINT_TEXT, other.signer), 'not a key')).toThrow(LogKeyMismatchError);
  });
});
