import { In, type DataSource, type Repository } from 'typeorm';
import { isUuid } from '../../../kernel/uuid';
import type { ProjectEntry } from '../../ports/mission-directory.port';
import { ProjectVersionEntity } from './project-version.entity';

/** A project as the read side shows it: its versions oldest first, the one live now, and the newest. */
export interface ProjectView {
  projectId: string;
  owner: string;
  name: string | null;
  versions: ProjectVersionEntity[];
  live: ProjectVersionEntity | null;
  latest: ProjectVersionEntity;
}

const MAX_PROJECTS = 100;

/** The version that went live last: a rollback makes an older version live again. */
function liveOf(versions: ProjectVersionEntity[]): ProjectVersionEntity | null {
  return versions.reduce<ProjectVersionEntity | null>((live, row) => {
    if (!row.liveSince) return live;
    return !live?.liveSince || row.liveSince.getTime() >= live.liveSince.getTime() ? row : live;
  }, null);
}

function viewOf(versions: ProjectVersionEntity[]): ProjectView {
  const latest = versions[versions.length - 1];
  const named = [...versions].reverse().find((row) => row.projectName !== null);
  return { projectId: versions[0].projectId, owner: versions[0].owner, name: named?.projectName ?? null, versions, live: liveOf(versions), latest };
}

/** Queries over `project_version`: projects are grouped from their versions' rows. */
export class ProjectReadModel {
  private readonly rows: Repository<ProjectVersionEntity>;

  constructor(dataSource: DataSource) {
    this.rows = dataSource.getRepository(ProjectVersionEntity);
  }

  /** The project, or null when there is none (an archived first version hides the project). */
  async project(projectId: string): Promise<ProjectView | null> {
    if (!isUuid(projectId)) return null;
    const versions = await this.rows.find({ where: { projectId: projectId.toLowerCase() }, order: { version: 'ASC', createdAt: 'ASC' } });
    if (versions.length === 0 || versions[0].version !== 1 || versions[0].archived) return null;
    return viewOf(versions);
  }

  /** The owner's projects (everyone's when `owner` is undefined), newest first. */
  async list(owner?: string): Promise<ProjectView[]> {
    const firsts = await this.rows.find({
      select: { projectId: true },
      where: { version: 1, archived: false, ...(owner !== undefined ? { owner } : {}) },
      order: { createdAt: 'DESC', missionId: 'DESC' },
      take: MAX_PROJECTS,
    });
    if (firsts.length === 0) return [];
    const rows = await this.rows.find({ where: { projectId: In(firsts.map((row) => row.projectId)) }, order: { version: 'ASC', createdAt: 'ASC' } });
    const byProject = new Map<string, ProjectVersionEntity[]>();
    for (const row of rows) byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), row]);
    return firsts.flatMap((first) => {
      const versions = byProject.get(first.projectId);
      return versions ? [viewOf(versions)] : [];
    });
  }

  /** What the command side needs to know of a project: whose it is and its versions. */
  async entry(projectId: string): Promise<ProjectEntry | null> {
    const project = await this.project(projectId);
    if (!project) return null;
    return {
      projectId: project.projectId,
      owner: project.owner,
      liveMissionId: project.live?.missionId ?? null,
      versions: project.versions.map(({ missionId, version, status, archived }) => ({ missionId, version, status, archived })),
    };
  }
}
