import { fillTemplate, readPromptFile } from '../../llm/prompt-files';
import { LlmCallFailedError, type LlmClient, type LlmCompletion, type LlmRequest } from '../../llm/llm.port';
import type { Architect, ArchitectOutcome, DraftRequest, HealRequest } from '../../missions/ports/architect.port';
import { parseChangeAnswer } from '../edit-parser';
import { parseManifestAnswer } from '../manifest-parser';
import { changeMessage, draftMessage, healMessage } from './architect-messages';

export interface ArchitectPrompts {
  draftSystem: string;
  healSystem: string;
  changeSystem: string;
  draftUser: string;
  healUser: string;
  changeUser: string;
}

/** Output tokens asked for per call: a whole multi-file project must fit (4096 truncated whole projects). */
export const ARCHITECT_MAX_OUTPUT_TOKENS = 8192;

const PROMPTS = 'src/architect/prompts';

/** The prompt files, with the active policy written into the system prompts. */
export function loadArchitectPrompts(policy: string, root?: string): ArchitectPrompts {
  return {
    draftSystem: fillTemplate(readPromptFile(`${PROMPTS}/draft.system.md`, root), { policy }),
    healSystem: fillTemplate(readPromptFile(`${PROMPTS}/heal.system.md`, root), { policy }),
    changeSystem: fillTemplate(readPromptFile(`${PROMPTS}/change.system.md`, root), { policy }),
    changeUser: readPromptFile(`${PROMPTS}/change.user.md`, root),
    draftUser: readPromptFile(`${PROMPTS}/draft.user.md`, root),
    healUser: readPromptFile(`${PROMPTS}/heal.user.md`, root),
  };
}

/**
 * The architect backed by a model: it sends the approved plan (or the failure and the failed files), then
 * parses and validates the answer. An answer that cannot become a valid manifest is `rejected` with a
 * readable reason, and so is an answer refused unread for its size; a call that fails for good
 * (LlmCallFailedError) propagates for the step to record.
 */
export class LlmArchitect implements Architect {
  readonly provider: string;
  readonly model: string;

  constructor(
    private readonly llm: LlmClient,
    private readonly prompts: ArchitectPrompts,
    private readonly maxOutputTokens: number = ARCHITECT_MAX_OUTPUT_TOKENS,
  ) {
    this.provider = llm.provider;
    this.model = llm.model;
  }

  /** A first version is drafted whole; a change to a live app is asked for as edits to its files. */
  draft(request: DraftRequest): Promise<ArchitectOutcome> {
    const { change } = request;
    if (change) return this.askChange(this.prompts.changeSystem, changeMessage(this.prompts.changeUser, { ...request, change }), request.signal);
    return this.ask(this.prompts.draftSystem, draftMessage(this.prompts.draftUser, request), request.signal);
  }

  /** A version's heal may answer with edits too: they land on the files it is shown. */
  heal(request: HealRequest): Promise<ArchitectOutcome> {
    const message = healMessage(this.prompts.healUser, request);
    if (request.change) return this.askChange(this.prompts.healSystem, message, request.signal);
    return this.ask(this.prompts.healSystem, message, request.signal);
  }

  private async ask(system: string, message: string, signal: AbortSignal | undefined): Promise<ArchitectOutcome> {
    const completion = await this.complete(system, message, signal);
    if (!('text' in completion)) return completion;
    const parsed = parseManifestAnswer(completion);
    const origin = originOf(completion);
    return parsed.ok ? { kind: 'manifest', manifest: parsed.manifest, ...origin } : { kind: 'rejected', reason: parsed.reason, ...origin };
  }

  private async askChange(system: string, message: string, signal: AbortSignal | undefined): Promise<ArchitectOutcome> {
    const completion = await this.complete(system, message, signal);
    if (!('text' in completion)) return completion;
    return { ...parseChangeAnswer(completion), ...originOf(completion) };
  }

  /** The completion, or an answer refused unread (too large) as a rejection of this attempt, so that it heals past it. */
  private async complete(system: string, message: string, signal: AbortSignal | undefined): Promise<LlmCompletion | ArchitectOutcome> {
    const request: LlmRequest = { system, messages: [{ role: 'user', content: message }], maxOutputTokens: this.maxOutputTokens, signal };
    try {
      return await this.llm.complete(request);
    } catch (error) {
      if (!(error instanceof LlmCallFailedError) || !error.answerRefused) throw error;
      const usage = { inputTokens: 0, outputTokens: 0 };
      return {
        kind: 'rejected',
        reason: `the model's answer was refused: ${error.message}`,
        provider: error.provider,
        model: this.model,
        usage,
        calls: error.calls,
      };
    }
  }
}

function originOf(completion: LlmCompletion) {
  return { provider: completion.provider, model: completion.model, usage: completion.usage, calls: completion.calls };
}

/** An LlmArchitect with the shipped prompts and the policy gate's own brief. */
export function createLlmArchitect(llm: LlmClient, policyBrief: string): LlmArchitect {
  return new LlmArchitect(llm, loadArchitectPrompts(policyBrief));
}
