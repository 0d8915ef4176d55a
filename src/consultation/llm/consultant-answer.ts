import { findJsonObject } from '../../llm/json-answer';
import type { BuildPlan } from '../../missions/domain/mission-events';
import type { ConsultantReply } from '../../missions/ports/consultant.port';
import { isDesignTargetKey } from '../../catalogue/design-target';
import { OFFLINE_STACK } from '../../catalogue/offline-stack';

/** The consultant model's answer, checked; everything the reply needs except provider, model and usage. */
export type ConsultantAnswer = Pick<ConsultantReply, 'status' | 'speech' | 'question' | 'plan' | 'confidencePercent'>;

const MAX_SPEECH_CHARS = 600;
const MAX_FEATURES = 12;
const MAX_FEATURE_CHARS = 200;

export function parseConsultantAnswer(text: string): { ok: true; answer: ConsultantAnswer } | { ok: false; reason: string } {
  const found = findJsonObject(text);
  if (!found.ok) return { ok: false, reason: found.detail };
  const value = found.value;
  const status = statusOf(value.status);
  if (status === null) return { ok: false, reason: `status ${JSON.stringify(value.status)} is not NEEDS_INPUT or NEEDS_CONFIRMATION` };
  if (typeof value.speech !== 'string' || value.speech.trim() === '') return { ok: false, reason: 'speech is missing or empty' };
  const features = featuresOf(value.features);
  if (features === null) return { ok: false, reason: `features must be a list of at most ${MAX_FEATURES} short strings` };
  if (status === 'NEEDS_CONFIRMATION' && features.length === 0) return { ok: false, reason: 'a plan to confirm has no features' };
  const confidence = value.confidencePercent;
  if (!Number.isInteger(confidence) || (confidence as number) < 0 || (confidence as number) > 100) {
    return { ok: false, reason: 'confidencePercent must be a whole number from 0 to 100' };
  }
  return {
    ok: true,
    answer: {
      status,
      speech: bounded(value.speech.trim(), MAX_SPEECH_CHARS),
      question: typeof value.question === 'string' && value.question.trim() !== '' ? bounded(value.question.trim(), MAX_SPEECH_CHARS) : null,
      plan: status === 'NEEDS_CONFIRMATION' ? planOf(features, value.designTarget) : null,
      confidencePercent: confidence as number,
    },
  };
}

/** READY_TO_BUILD is the user's to give: a model claiming it only proposes. */
function statusOf(value: unknown): ConsultantAnswer['status'] | null {
  if (value === 'NEEDS_INPUT' || value === 'NEEDS_CONFIRMATION') return value;
  return value === 'READY_TO_BUILD' ? 'NEEDS_CONFIRMATION' : null;
}

function featuresOf(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_FEATURES) return null;
  if (!value.every((feature) => typeof feature === 'string' && feature.trim() !== '' && feature.length <= MAX_FEATURE_CHARS)) return null;
  return value.map((feature: string) => feature.trim());
}

/**
 * The stack is always the one Gantry builds, whatever the model wrote, so the plan the user approves is the
 * plan that gets built. An unknown design target is dropped, not stored.
 */
function planOf(features: string[], designTarget: unknown): BuildPlan {
  const key = typeof designTarget === 'string' ? designTarget.trim().toUpperCase() : '';
  return { features, stack: OFFLINE_STACK, designTarget: isDesignTargetKey(key) ? key : null };
}

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
