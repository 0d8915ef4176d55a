import { openNote, formatSignatureLine } from '../../../kernel/transparency/signed-note';
import { formatAddCheckpoint } from '../../../kernel/transparency/witness-protocol';

export interface WitnessRequest {
  readonly oldSize: number;
  readonly proof: readonly Buffer[];
  readonly note: string;
}

/** What a witness answered: its cosignature lines, or the size it says it last saw (HTTP 409), or a refusal. */
export type WitnessAnswer =
  { kind: 'cosigned'; lines: string[] } | { kind: 'stale'; witnessSize: number } | { kind: 'refused'; status: number; reason: string };

/**
 * A C2SP tlog-witness client: POSTs `<url>/add-checkpoint` with the old size, the consistency proof and the
 * signed checkpoint, and returns the signature lines of a 200 answer (checked for syntax only; their keys
 * are the auditor's to trust).
 */
export async function askWitness(url: string, request: WitnessRequest, timeoutMs: number): Promise<WitnessAnswer> {
  const response = await fetch(`${url.replace(/\/$/, '')}/add-checkpoint`, {
    method: 'POST',
    body: formatAddCheckpoint(request),
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await response.text();
  if (response.status === 409 && /^\d+\s*$/.test(body)) return { kind: 'stale', witnessSize: Number(body.trim()) };
  if (response.status !== 200) return { kind: 'refused', status: response.status, reason: body.slice(0, 200) };
  const opened = openNote(`x\n\n${body.endsWith('\n') ? body : `${body}\n`}`);
  if (!opened.ok) return { kind: 'refused', status: 200, reason: `the witness answered no signature lines: ${opened.reason}` };
  return { kind: 'cosigned', lines: opened.signatures.map(formatSignatureLine) };
}
