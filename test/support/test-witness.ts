import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCheckpoint } from '../../src/kernel/transparency/checkpoint';
import { cosignCheckpoint } from '../../src/kernel/transparency/cosignature';
import { consistencyProblem } from '../../src/kernel/transparency/merkle-proof';
import { ALG_COSIGNATURE_V1, formatVerifierKey, rawEd25519PublicKey, verifyNote } from '../../src/kernel/transparency/signed-note';
import { parseAddCheckpoint } from '../../src/kernel/transparency/witness-protocol';

export interface TestWitness {
  readonly url: string;
  readonly name: string;
  /** The witness's cosignature key (signature type 0x04). */
  readonly vkey: string;
  /** The tree it last cosigned (size 0 before the first). */
  lastSeen(): { size: number; root: Buffer | null };
  /** Makes it believe it saw another tree (a fork), to see the log refused. */
  pretendSaw(size: number, root: Buffer): void;
  /** What it answered, in order: the HTTP status of each add-checkpoint. */
  readonly answers: number[];
  close(): Promise<void>;
}

/**
 * A real C2SP tlog-witness over HTTP, with its own Ed25519 key: it checks the log's signature, answers 409
 * with the size it knows when the log's old size is not it, checks the consistency proof from what it last
 * saw, and only then cosigns (cosignature/v1 with the time).
 */
export async function startTestWitness(logVkey: string, name = 'witness.test/w1'): Promise<TestWitness> {
  const { privateKey } = generateKeyPairSync('ed25519');
  let seen: { size: number; root: Buffer | null } = { size: 0, root: null };
  const answers: number[] = [];

  function answer(body: string): { status: number; text: string } {
    const parsed = parseAddCheckpoint(body);
    if (!parsed.ok) return { status: 400, text: parsed.reason };
    const { oldSize, proof, note } = parsed.request;
    const verified = verifyNote(note, logVkey);
    if (!verified.valid) return { status: 403, text: verified.reason };
    const checkpoint = parseCheckpoint(verified.text);
    if (!checkpoint.ok) return { status: 400, text: checkpoint.reason };
    const { size, root } = checkpoint.checkpoint;
    if (oldSize !== seen.size) return { status: 409, text: `${seen.size}\n` };
    if (size < oldSize) return { status: 400, text: 'the checkpoint is older than the old size' };
    if (seen.root !== null) {
      const problem = consistencyProblem(oldSize, size, seen.root, root, proof);
      if (problem) return { status: 422, text: problem };
    } else if (proof.length > 0) return { status: 400, text: 'no proof is needed from the empty tree' };
    seen = { size, root };
    return { status: 200, text: cosignCheckpoint(verified.text, name, privateKey, Math.floor(Date.now() / 1000)) };
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { status, text } =
        request.method === 'POST' && request.url === '/add-checkpoint' ? answer(Buffer.concat(chunks).toString('utf8')) : { status: 404, text: 'not found' };
      answers.push(status);
      response.writeHead(status, { 'content-type': status === 409 ? 'text/x.tlog.size' : 'text/plain; charset=utf-8' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    name,
    vkey: formatVerifierKey(name, ALG_COSIGNATURE_V1, rawEd25519PublicKey(privateKey)),
    lastSeen: () => seen,
    pretendSaw: (size, root) => (seen = { size, root }),
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
