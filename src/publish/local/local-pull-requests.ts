import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalPullRequest {
  number: number;
  title: string;
  head: string;
  base: string;
  commitSha: string;
  missionId: string;
  body: string;
}

/** Pull requests of a local repository: one JSON file each, numbered, created exclusively (`wx`), never rewritten. */
export class LocalPullRequests {
  constructor(private readonly folder: string) {}

  async all(): Promise<LocalPullRequest[]> {
    const names = (await readdir(this.folder).catch(() => [] as string[])).filter((name) => /^\d+\.json$/.test(name));
    const records = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(this.folder, name), 'utf8')) as LocalPullRequest));
    return records.sort((a, b) => a.number - b.number);
  }

  async findByHead(head: string): Promise<LocalPullRequest | null> {
    return (await this.all()).find((pull) => pull.head === head) ?? null;
  }

  async open(pull: Omit<LocalPullRequest, 'number'>): Promise<LocalPullRequest> {
    await mkdir(this.folder, { recursive: true });
    for (;;) {
      const number = (await this.all()).reduce((highest, existing) => Math.max(highest, existing.number), 0) + 1;
      const record = { number, ...pull };
      try {
        await writeFile(join(this.folder, `${number}.json`), JSON.stringify(record, null, 2), { flag: 'wx', mode: 0o644 });
        return record;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
}
