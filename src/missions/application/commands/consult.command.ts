import type { MissionChannel } from '../../domain/mission-events';
import type { ClearOutcome } from './clear-missions.command';

export interface ImageUpload {
  base64: string;
  fileName: string;
}

/** One turn of the consultation: a message from a caller, to their open consultation or a new one, or about one of their projects. */
export class ConsultCommand {
  constructor(
    readonly caller: string,
    readonly message: string,
    readonly channel: MissionChannel,
    readonly options: { missionId?: string; projectId?: string; deploy?: boolean; publish?: boolean; image?: ImageUpload } = {},
  ) {}
}

export type ConsultOutcome =
  | ({ kind: 'cleared' } & ClearOutcome)
  | { kind: 'replied'; missionId: string; revision: number }
  | { kind: 'build-started'; missionId: string; revision: number };
