import { decodeBase64Strict } from './checkpoint';
import { isHash } from './merkle-hash';

/**
 * The body of a C2SP tlog-witness `add-checkpoint` request: the size the log believes the witness last
 * saw, the consistency proof from it, a blank line, and the signed checkpoint.
 */
export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Buffer[];
  readonly note: string;
}

export function formatAddCheckpoint({ oldSize, proof, note }: AddCheckpointRequest): string {
  return [`old ${oldSize}`, ...proof.map((hash) => hash.toString('base64'))].join('\n') + `\n\n${note}`;
}

export type AddCheckpointParse = { ok: true; request: AddCheckpointRequest } | { ok: false; reason: string };

export function parseAddCheckpoint(body: string): AddCheckpointParse {
  const split = body.indexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'the request has no blank line before the checkpoint' };
  const [oldLine, ...proofLines] = body.slice(0, split).split('\n');
  const old = /^old (0|[1-9][0-9]*)$/.exec(oldLine);
  if (!old || !Number.isSafeInteger(Number(old[1]))) return { ok: false, reason: 'the first line must be "old <size>"' };
  const proof = proofLines.map(decodeBase64Strict);
  if (proof.some((hash) => !hash || !isHash(hash))) return { ok: false, reason: 'a proof line is not a base64 hash' };
  return { ok: true, request: { oldSize: Number(old[1]), proof: proof as Buffer[], note: body.slice(split + 2) } };
}
