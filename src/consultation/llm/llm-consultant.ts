import type { LlmClient, LlmCompletion, LlmMessage } from '../../llm/llm.port';
import { fillTemplate, readPromptFile } from '../../llm/prompt-files';
import type { BuildPlan } from '../../missions/domain/mission-events';
import type { Consultant, ConsultantInput, ConsultantReply, ConversationTurn } from '../../missions/ports/consultant.port';
import { DESIGN_TARGET_KEYS, detectDesignTarget } from '../../catalogue/design-target';
import { replyTo } from '../offline/offline-consultant';
import { OFFLINE_STACK } from '../../catalogue/offline-stack';
import { parseConsultantAnswer } from './consultant-answer';

export const CONSULTANT_MAX_OUTPUT_TOKENS = 1024;

/** The system prompt with the stack and the design targets filled in; the current plan is added per turn. */
export function loadConsultantPrompt(root?: string): string {
  const template = readPromptFile('src/consultation/prompts/consultant.system.md', root);
  return fillTemplate(template, {
    stack: OFFLINE_STACK,
    designTargets: DESIGN_TARGET_KEYS.map((key) => `"${key}"`).join(', '),
    // Left in place for each turn to fill (the filler never re-expands what it inserts).
    currentPlan: '{{currentPlan}}',
  });
}

/**
 * The consultant backed by a model. When the model's answer cannot be read, the offline rules answer the
 * same turn, so the conversation goes on; the reply then says so in its `model` field, and keeps the
 * provider and the tokens actually spent. A call that fails for good (LlmCallFailedError) propagates.
 */
export class LlmConsultant implements Consultant {
  constructor(
    private readonly llm: LlmClient,
    private readonly systemTemplate: string,
  ) {}

  async reply(input: ConsultantInput): Promise<ConsultantReply> {
    const completion = await this.llm.complete({
      system: fillTemplate(this.systemTemplate, { currentPlan: planSection(input.currentPlan) }),
      messages: alternating(input.conversation),
      maxOutputTokens: CONSULTANT_MAX_OUTPUT_TOKENS,
    });
    const parsed = parseConsultantAnswer(completion.text);
    if (parsed.ok) return { ...parsed.answer, provider: completion.provider, model: completion.model, usage: completion.usage };
    return fallback(input, completion, parsed.reason);
  }

  /** Read by the catalogue's rules, as offline: naming a famous app is a matter of words, not of judgement. */
  designTargetOf(prompt: string): string | null {
    return detectDesignTarget(prompt);
  }
}

function fallback(input: ConsultantInput, completion: LlmCompletion, reason: string): ConsultantReply {
  const offline = replyTo(input);
  return {
    ...offline,
    provider: completion.provider,
    model: `${completion.model} (answer unreadable: ${reason}; the offline rules replied)`,
    usage: completion.usage,
  };
}

function planSection(plan: BuildPlan | null): string {
  if (plan === null) return 'No plan has been proposed yet.';
  return `# The plan proposed so far (not yet confirmed)\n\n${JSON.stringify(plan)}`;
}

/**
 * Model APIs want turns that alternate and start with the user: a leading assistant turn is dropped and
 * consecutive turns of one role are joined.
 */
export function alternating(conversation: readonly ConversationTurn[]): LlmMessage[] {
  const messages: LlmMessage[] = [];
  for (const turn of conversation) {
    const last = messages[messages.length - 1];
    if (last === undefined && turn.role === 'assistant') continue;
    if (last?.role === turn.role) last.content = `${last.content}\n\n${turn.content}`;
    else messages.push({ role: turn.role, content: turn.content });
  }
  return messages;
}
