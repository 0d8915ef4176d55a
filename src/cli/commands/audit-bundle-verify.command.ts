import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installRoot } from '../../config/gantry-config';
import { errorMessage } from '../../kernel/error-message';
import { EXIT, type CliIo } from '../cli-io';

type BundleResult = { valid: true } | { valid: false; reason: string };

/** What `scripts/verify-bundle.mjs` exports: the one bundle verifier, shared with the console and auditors. */
interface BundleVerifier {
  verifyBundle(bundleText: string, trustedKeyLine: string): Promise<BundleResult>;
  describeBundleResult(result: BundleResult): string[];
}

export const BUNDLE_VERIFY_USAGE = 'usage: gantry audit verify --bundle FILE --key KEYFILE';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/**
 * `gantry audit verify --bundle FILE --key KEYFILE`: runs before any configuration is loaded, and opens
 * no database and no network. 0 valid, 1 tampered (with the reason), 2 a file cannot be read.
 */
export async function auditVerifyBundle(args: string[], io: CliIo): Promise<number> {
  const bundlePath = option(args, '--bundle');
  const keyPath = option(args, '--key');
  if (!bundlePath || !keyPath) {
    io.err(BUNDLE_VERIFY_USAGE);
    return EXIT.error;
  }
  let texts: [string, string];
  try {
    texts = await Promise.all([readFile(bundlePath, 'utf8'), readFile(keyPath, 'utf8')]);
  } catch (error) {
    io.err(`gantry: ${errorMessage(error)}`);
    return EXIT.error;
  }
  const verifier = (await import(pathToFileURL(join(installRoot(), 'scripts', 'verify-bundle.mjs')).href)) as BundleVerifier;
  const result = await verifier.verifyBundle(texts[0], texts[1]);
  verifier.describeBundleResult(result).forEach((line) => (result.valid ? io.out(line) : io.err(line)));
  return result.valid ? EXIT.ok : EXIT.negative;
}
