import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../../config/gantry-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The evidence pack of each mission: `<missionsDir>/<missionId>/`. Paths are built here only, from checked parts. */
@Injectable()
export class EvidenceStore {
  constructor(@Inject(GANTRY_CONFIG) private readonly config: GantryConfig) {}

  folderOf(missionId: string): string {
    if (!UUID.test(missionId)) throw new Error(`"${missionId}" is not a mission id`);
    return join(this.config.missionsDir, missionId);
  }

  /** Writes atomically (temp file, then rename) and returns the path relative to the missions folder. */
  async write(missionId: string, fileName: string, bytes: Buffer): Promise<string> {
    if (!/^[\w.-]+$/.test(fileName) || fileName.startsWith('.')) throw new Error(`"${fileName}" is not an evidence file name`);
    const folder = this.folderOf(missionId);
    await mkdir(folder, { recursive: true });
    const target = join(folder, fileName);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, bytes, { mode: 0o644 });
    await rename(temporary, target);
    return relative(this.config.missionsDir, target);
  }
}
