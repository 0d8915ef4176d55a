import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/door/door.decorators';
import {
  GetConsistencyProofQuery,
  GetInclusionProofQuery,
  GetLatestCheckpointQuery,
  GetLogKeyQuery,
} from '../application/transparency/queries/get-log-proof.query';
import { CheckpointUnavailableError, LogRangeError } from '../ports/transparency-log.port';

const WHOLE_NUMBER = /^\d{1,15}$/;

/** A query parameter that must be a whole number from 0: anything else is a 400 with a sentence. */
function wholeNumber(name: string, raw: unknown): number {
  if (typeof raw !== 'string' || !WHOLE_NUMBER.test(raw)) {
    throw new LogRangeError(`${name} must be a whole number from 0 (got ${JSON.stringify(raw ?? null)})`, `The ${name} must be a whole number from zero.`);
  }
  return Number(raw);
}

const hex = (proof: Buffer[]): string[] => proof.map((hash) => hash.toString('hex'));

/** The transparency log: its key and checkpoint for anyone, its proofs for signed-in callers. Hashes are lowercase hex. */
@ApiTags('transparency log')
@Controller('gantry/log')
export class TransparencyLogController {
  constructor(private readonly queries: QueryBus) {}

  @Public()
  @Get('key')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: "The log's Ed25519 verifier key in signed-note vkey form: <name>+<hex key id>+<base64(0x01 ‖ public key)>" })
  async key(): Promise<string> {
    return `${await this.queries.execute(new GetLogKeyQuery())}\n`;
  }

  @Public()
  @Get('checkpoint')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint as a signed note, witnesses’ cosignatures included); 503 before the first' })
  async checkpoint(): Promise<string> {
    const latest = await this.queries.execute(new GetLatestCheckpointQuery());
    if (!latest)
      throw new CheckpointUnavailableError('the log has not signed a checkpoint yet', 'The log has not signed a checkpoint yet; try again in a few seconds.');
    return latest.note;
  }

  @Get('proof/inclusion')
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of leaf <leaf> in the tree of <size> leaves: {leaf_index, tree_size, leaf_hash, proof} with hex hashes' })
  @ApiQuery({ name: 'leaf', type: Number })
  @ApiQuery({ name: 'size', type: Number })
  async inclusion(@Query('leaf') leaf: unknown, @Query('size') size: unknown) {
    const answer = await this.queries.execute(new GetInclusionProofQuery(wholeNumber('leaf', leaf), wholeNumber('size', size)));
    return {
      leaf_index: answer.leafIndex,
      tree_size: answer.size,
      leaf_hash: answer.leafHash.toString('hex'),
      proof: hex(answer.proof),
      speech: `Leaf ${answer.leafIndex} is in the tree of ${answer.size} leaves; ${answer.proof.length} hashes prove it.`,
    };
  }

  @Get('proof/consistency')
  @ApiOperation({ summary: 'RFC 9162 consistency proof from the tree of <from> leaves to the tree of <to>: {from, to, proof} with hex hashes' })
  @ApiQuery({ name: 'from', type: Number })
  @ApiQuery({ name: 'to', type: Number })
  async consistency(@Query('from') from: unknown, @Query('to') to: unknown) {
    const answer = await this.queries.execute(new GetConsistencyProofQuery(wholeNumber('from', from), wholeNumber('to', to)));
    return {
      from: answer.from,
      to: answer.size,
      proof: hex(answer.proof),
      speech: `The tree of ${answer.size} leaves extends the tree of ${answer.from}; ${answer.proof.length} hashes prove it.`,
    };
  }
}
