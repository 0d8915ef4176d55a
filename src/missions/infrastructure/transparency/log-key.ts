import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../../config/gantry-config';
import { ALG_ED25519, ed25519NoteSigner, formatVerifierKey, rawEd25519PublicKey, type NoteSigner } from '../../../kernel/transparency/signed-note';

export interface LogKey {
  readonly signer: NoteSigner;
  /** The public half in vkey form. */
  readonly vkey: string;
  /** True when this start generated the key. */
  readonly created: boolean;
}

function readKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('GANTRY_LOG_KEY_FILE', `names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
  }
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return key;
  } catch {
    throw new ConfigError('GANTRY_LOG_KEY_FILE', `names ${file}, which is not an Ed25519 private key in PKCS#8 PEM form.`);
  }
}

/**
 * The log's signing key from its file, generated (Ed25519, PKCS#8 PEM, mode 0600) when the file does not
 * exist. The private key stays in this object: it is never logged, stored in the database or recorded.
 */
export function loadOrCreateLogKey(file: string, keyName: string): LogKey {
  let created = false;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    created = true;
  }
  const privateKey = readKey(file);
  return { signer: ed25519NoteSigner(keyName, privateKey), vkey: formatVerifierKey(keyName, ALG_ED25519, rawEd25519PublicKey(privateKey)), created };
}
