import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { sealEvents, GENESIS_HASH } from '../../src/kernel/black-box/hash-chain';
import { formatCheckpoint } from '../../src/kernel/transparency/checkpoint';
import { leafHashOfChainHash } from '../../src/kernel/transparency/merkle-hash';
import { proveInclusion } from '../../src/kernel/transparency/merkle-proof';
import { MemoryMerkleTree } from '../../src/kernel/transparency/memory-tree';
import { ALG_ED25519, ed25519NoteSigner, formatVerifierKey, rawEd25519PublicKey, signNote } from '../../src/kernel/transparency/signed-note';
import { assembleBundle, bundleText } from '../../src/missions/application/audit/audit-bundle';
import { evidenceNamedBy } from '../../src/missions/application/audit/evidence-named';
import type { NewEvent } from '../../src/missions/ports/event-store.port';
import { newEvent } from './events';

export interface LogKey {
  vkey: string;
  sign(text: string): string;
}

export function logKey(name = 'gantry.test/log'): LogKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = ed25519NoteSigner(name, privateKey);
  return { vkey: formatVerifierKey(name, ALG_ED25519, rawEd25519PublicKey(privateKey)), sign: (text) => signNote(text, signer) };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const README = '# hello\n';
const DESCRIPTION = 'A pull request\n';

/** The events of the default fixture mission (after MissionOpened): a blueprint, a pull request, success. */
function shippedMission(): NewEvent[] {
  return [
    newEvent('BlueprintDrafted', { attempt: 1, files: [{ path: 'README.md', bytes: README.length, sha256: sha(README) }] }),
    newEvent('PullRequestOpened', { attempt: 1, descriptionSha256: sha(DESCRIPTION) }),
    newEvent('MissionSucceeded', { status: 'SUCCESS' }),
  ];
}

export interface MissionBundleOptions {
  /** The events after MissionOpened (default: a blueprint, a pull request and success). */
  events?: NewEvent[];
  /** Each evidence file's hash as the exporter finds it (default: the one its event recorded). */
  found?: (file: string, recorded: string) => string | null;
}

/**
 * A mission's bundle made the way the exporter makes it, over a log held in memory: `othersBefore`
 * leaves of other streams first, then the mission's events interleaved with one other leaf each.
 */
export async function missionBundle(
  key: LogKey = logKey(),
  othersBefore = 5,
  options: MissionBundleOptions = {},
): Promise<{ text: string; missionId: string; key: LogKey }> {
  const missionId = randomUUID();
  const stream = `mission-${missionId}`;
  const sealed = sealEvents(stream, -1, GENESIS_HASH, [
    newEvent('MissionOpened', { missionId, mode: 'direct', prompt: 'a tip calculator' }),
    ...(options.events ?? shippedMission()),
  ]);
  const tree = new MemoryMerkleTree();
  const other = () => tree.append(leafHashOfChainHash(sha(randomUUID())));
  for (let n = 0; n < othersBefore; n += 1) other();
  const leafIndexes = sealed.map((event) => {
    tree.append(leafHashOfChainHash(event.hash));
    const index = tree.size - 1;
    other();
    return index;
  });
  const note = key.sign(formatCheckpoint({ origin: 'gantry.test/log', size: tree.size, root: tree.root(), extensions: [] }));
  const events = await Promise.all(
    sealed.map(async (event, i) => ({ ...event, leafIndex: leafIndexes[i], proof: await proveInclusion(leafIndexes[i], tree.size, tree.source) })),
  );
  const found = options.found ?? ((_file: string, recorded: string) => recorded);
  const evidence = sealed
    .flatMap((event) => evidenceNamedBy(event.revision, event.type, event.data))
    .map((named) => ({ ...named, sha256: found(named.file, named.sha256) }));
  const bundle = assembleBundle({ missionId, stream, verifierKey: key.vkey, checkpointNote: note, events, evidence });
  return { text: bundleText(bundle), missionId, key };
}
