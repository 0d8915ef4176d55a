import { SandboxUnavailableError, type AbandonedAttempt, type Sandbox, type SandboxAvailability, type SandboxResult } from '../missions/ports/sandbox.port';

export const HOW_TO_GET_A_SANDBOX =
  'Install Docker (apt-get install docker.io), start it, and build the image with scripts/build-sandbox-image.sh; or install bubblewrap (apt-get install bubblewrap)';

/** What Gantry has when no sandbox works: every build is refused with what is missing and how to get it. */
export class NoSandbox implements Sandbox {
  readonly driver = 'docker' as const;
  readonly tier = 'container' as const;
  readonly image = 'none';
  readonly limits = { memoryBytes: 0, milliCpus: 0, pids: 0 };

  constructor(private readonly reasons: string[]) {}

  private get detail(): string {
    return `No sandbox is available (${this.reasons.join('; ')}). ${HOW_TO_GET_A_SANDBOX}.`;
  }

  async available(): Promise<SandboxAvailability> {
    return { ok: false, detail: this.detail };
  }

  async run(): Promise<SandboxResult> {
    throw new SandboxUnavailableError(this.detail);
  }

  async reapAbandoned(): Promise<AbandonedAttempt[]> {
    return [];
  }
}
