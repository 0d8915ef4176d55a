import { h } from './dom.js';
import { verifyBundle } from './verify-bundle.js';

/** What the panel says of a bundle checked here: which checkpoint it was checked against, or why it failed. */
export async function bundleVerdict(bundleText, keyLine) {
  const result = await verifyBundle(bundleText, keyLine);
  if (!result.valid) return { valid: false, text: `Not verified in this browser: ${result.reason}.` };
  const { checkpoint, events, leaves } = result;
  const keyName = keyLine.trim().split('+')[0];
  return {
    valid: true,
    checkpoint,
    text:
      `Verified in this browser: ${events} events chained, leaves ${leaves[0]}–${leaves[1]} included in checkpoint ` +
      `${checkpoint.origin} of size ${checkpoint.size} with root ${checkpoint.root}, signed by ${keyName}.`,
  };
}

async function fetchText(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  const text = await response.text();
  if (!response.ok) throw new Error(JSON.parse(text || '{}').message ?? `Gantry answered ${response.status}`);
  return text;
}

/**
 * The Black Box panel's offline check: fetches the mission's signed bundle and the log's key, and checks
 * the signature, every inclusion proof and the chain here with Web Crypto, trusting nothing the server says
 * about them. The key comes from this server too: compare it with the one you keep.
 */
export function bundleCheck(missionId) {
  const verdict = h('p', { class: 'verdict bundle-verdict', role: 'status', dataset: { valid: '' } }, 'The signed bundle is not checked here yet.');
  const button = h('button', { type: 'button', class: 'button secondary', onclick: () => check() }, 'Verify signed bundle here');
  const element = h('div', { class: 'bundle-check' }, verdict, button);

  const check = async () => {
    button.disabled = true;
    verdict.textContent = 'Checking the signed bundle…';
    try {
      const [bundle, key] = await Promise.all([fetchText(`/gantry/missions/${encodeURIComponent(missionId)}/audit/bundle`), fetchText('/gantry/log/key')]);
      const outcome = await bundleVerdict(bundle, key);
      verdict.dataset.valid = String(outcome.valid);
      verdict.className = `verdict bundle-verdict ${outcome.valid ? 'verdict-valid' : 'verdict-invalid'}`;
      verdict.textContent = outcome.text;
    } catch (error) {
      verdict.dataset.valid = 'false';
      verdict.textContent = `The signed bundle could not be fetched: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
    }
  };
  return { element, check };
}
