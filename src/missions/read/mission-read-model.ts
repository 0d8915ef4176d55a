import type { Pool } from 'pg';
import { In, type DataSource, type FindOptionsWhere, type Repository, type SelectQueryBuilder } from 'typeorm';
import { ConsultationViewEntity } from './consultation-view.entity';
import { isUuid } from '../../kernel/uuid';
import { CONSULTING_STATUSES } from '../domain/mission-status';
import type { MissionDirectory, ProjectEntry } from '../ports/mission-directory.port';
import { ProjectReadModel } from './projects/project-read-model';
import { MissionSummaryEntity } from './mission-summary.entity';
import { MissionTimelineEntity } from './mission-timeline.entity';

export interface ListMissionsOptions {
  owner?: string;
  /** Archived ("cleared") missions are hidden unless asked for. */
  includeArchived?: boolean;
  limit?: number;
  offset?: number;
}

export interface MissionPage {
  /** Missions matching the filter, all pages. */
  total: number;
  items: MissionSummaryEntity[];
}

export interface SearchMissionsOptions {
  owner?: string;
  limit?: number;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const MAX_TERMS = 8;
const NEWEST_FIRST = { createdAt: 'DESC', missionId: 'DESC' } as const;

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.trunc(limit)));
}

/** Lower-cased words of the query (letters and digits, inner ' or -), at least two characters, at most eight. */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? [];
  return [...new Set(words)].filter((word) => word.length >= 2).slice(0, MAX_TERMS);
}

function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A whole word, or its plural: `\m` and `\M` are PostgreSQL's word boundaries. */
function wordPattern(term: string): string {
  return `\\m${term.replace(/[.*+?^${}()|[\]\\-]/g, (c) => `\\${c}`)}(s|es)?\\M`;
}

/** The prepared statement of the status read: each pooled connection parses and plans it once. */
const SUMMARY_STATEMENT = 'gantry_mission_summary_by_id';

/** `SELECT` of every column of the summary under its property name, from TypeORM's own mapping of the entity (one source of truth). */
function summarySelect(dataSource: DataSource): string {
  const columns = dataSource.getMetadata(MissionSummaryEntity).columns.map((column) => `${column.databaseName} AS "${column.propertyName}"`);
  return `SELECT ${columns.join(', ')} FROM mission_summary WHERE mission_id = $1`;
}

/**
 * Queries over the mission read models. Reads only; archived missions are hidden from list, latest,
 * search and the directory, while summary, consultation and timeline of an archived mission still answer.
 * It is also the core's MissionDirectory: the one way anything reads these tables.
 */
export class MissionReadModel implements MissionDirectory {
  private readonly summaries: Repository<MissionSummaryEntity>;
  private readonly consultations: Repository<ConsultationViewEntity>;
  private readonly timelines: Repository<MissionTimelineEntity>;
  readonly projects: ProjectReadModel;
  private readonly pool: Pool;
  private readonly summarySql: string;

  constructor(database: { dataSource: DataSource; pool: Pool }) {
    const { dataSource } = database;
    this.pool = database.pool;
    this.summarySql = summarySelect(dataSource);
    this.projects = new ProjectReadModel(dataSource);
    this.summaries = dataSource.getRepository(MissionSummaryEntity);
    this.consultations = dataSource.getRepository(ConsultationViewEntity);
    this.timelines = dataSource.getRepository(MissionTimelineEntity);
  }

  /**
   * One mission's row: a prepared statement straight on the pool (the status route's hot path; a query
   * builder spent more CPU composing the SQL than PostgreSQL spent answering it). pg's type parsers give
   * the columns the entity's types (integers, booleans, Dates), as TypeORM's hydration does.
   */
  async summary(missionId: string): Promise<MissionSummaryEntity | null> {
    if (!isUuid(missionId)) return null;
    const { rows } = await this.pool.query<MissionSummaryEntity>({ name: SUMMARY_STATEMENT, text: this.summarySql, values: [missionId] });
    return rows[0] ?? null;
  }

  async list(options: ListMissionsOptions = {}): Promise<MissionPage> {
    const [items, total] = await this.summaries.findAndCount({
      where: this.visible(options.owner, options.includeArchived ?? false),
      order: NEWEST_FIRST,
      take: clampLimit(options.limit),
      skip: Math.max(0, Math.trunc(options.offset ?? 0)),
    });
    return { total, items };
  }

  /** The newest visible mission, or null. */
  async latest(owner?: string): Promise<MissionSummaryEntity | null> {
    return this.summaries.findOne({ where: this.visible(owner, false), order: NEWEST_FIRST });
  }

  /**
   * Missions whose prompt holds any word of the query as a whole word (ILIKE narrows, a word-boundary
   * regex decides), of any status; those matching more words first, then newest first.
   */
  async search(query: string, options: SearchMissionsOptions = {}): Promise<MissionSummaryEntity[]> {
    const terms = searchTerms(query);
    if (terms.length === 0) return [];
    const builder = this.summaries.createQueryBuilder('m').where('m.archived = false');
    if (options.owner !== undefined) builder.andWhere('m.owner = :owner', { owner: options.owner });
    const matches = this.termMatches(builder, terms);
    builder.andWhere(`(${matches.join(' OR ')})`);
    return builder
      .orderBy(matches.map((match) => `(CASE WHEN ${match} THEN 1 ELSE 0 END)`).join(' + '), 'DESC')
      .addOrderBy('m.created_at', 'DESC')
      .addOrderBy('m.mission_id', 'DESC')
      .limit(clampLimit(options.limit))
      .getMany();
  }

  async consultation(missionId: string): Promise<ConsultationViewEntity | null> {
    return isUuid(missionId) ? this.consultations.findOneBy({ missionId }) : null;
  }

  /** The mission's events as sentences, oldest first; empty for an unknown mission. */
  async timeline(missionId: string): Promise<MissionTimelineEntity[]> {
    if (!isUuid(missionId)) return [];
    return this.timelines.find({ where: { missionId }, order: { revision: 'ASC' } });
  }

  async openConsultationOf(owner: string): Promise<string | null> {
    const row = await this.summaries
      .createQueryBuilder('m')
      .select('m.mission_id', 'missionId')
      .where('m.owner = :owner AND m.archived = false AND m.status IN (:...statuses)', { owner, statuses: [...CONSULTING_STATUSES] })
      // A change to a project continues from the project's page, never from a plain chat message.
      .andWhere('NOT EXISTS (SELECT 1 FROM project_version v WHERE v.mission_id = m.mission_id AND v.version > 1)')
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.mission_id', 'ASC')
      .getRawOne<{ missionId: string }>();
    return row?.missionId ?? null;
  }

  projectOf(projectId: string): Promise<ProjectEntry | null> {
    return this.projects.entry(projectId);
  }

  async missionsOf(owner: string): Promise<string[]> {
    const rows = await this.summaries.find({ select: { missionId: true }, where: this.visible(owner, false), order: { createdAt: 'ASC', missionId: 'ASC' } });
    return rows.map((row) => row.missionId);
  }

  /** The revision each mission's summary shows (missions it does not hold are left out): one query for many. */
  async revisions(missionIds: readonly string[]): Promise<Map<string, number>> {
    const ids = missionIds.filter((id) => isUuid(id));
    if (ids.length === 0) return new Map();
    const rows = await this.summaries.find({ select: { missionId: true, lastRevision: true }, where: { missionId: In(ids) } });
    return new Map(rows.map((row) => [row.missionId, row.lastRevision]));
  }

  async ownerOf(missionId: string): Promise<string | null> {
    if (!isUuid(missionId)) return null;
    const row = await this.summaries.findOne({ select: { owner: true }, where: { missionId } });
    return row?.owner ?? null;
  }

  private visible(owner: string | undefined, includeArchived: boolean): FindOptionsWhere<MissionSummaryEntity> {
    return {
      ...(owner !== undefined ? { owner } : {}),
      ...(includeArchived ? {} : { archived: false }),
    };
  }

  private termMatches(builder: SelectQueryBuilder<MissionSummaryEntity>, terms: string[]): string[] {
    return terms.map((term, index) => {
      builder.setParameter(`like${index}`, likePattern(term));
      builder.setParameter(`word${index}`, wordPattern(term));
      return `(m.prompt ILIKE :like${index} AND m.prompt ~* :word${index})`;
    });
  }
}
