import type { GuardrailVerdict } from '../domain/screening';

/** The content guardrails, asked before anything a user sends is recorded or answered. */
export const MESSAGE_SCREEN = Symbol('MESSAGE_SCREEN');

/** An opening message (a new mission or a direct build) must read as a build request; a follow-up is screened for harm only. */
export type MessagePlace = 'opening' | 'follow-up';

export interface MessageScreen {
  screen(text: string, place: MessagePlace): GuardrailVerdict;
}
