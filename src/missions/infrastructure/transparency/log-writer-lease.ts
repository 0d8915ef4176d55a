import { DutyLease } from '../../../database/duty-lease';

export const LOG_WRITER_DUTY = 'gantry-transparency-log-writer';

/**
 * The right to write the log (the integrator and the checkpointer), one of the singleton duties: the
 * integrator writes only through this lease's connection, so if the holder dies (or its connection drops)
 * its writes die with the lock and another process takes over on its next try. Unless told otherwise a
 * standby tries on every call (the integrator's lane asks at each poll of the feed).
 */
export class LogWriterLease extends DutyLease {
  constructor(databaseUrl: string, log: (line: string) => void = () => undefined, retryMs = 0) {
    super(databaseUrl, LOG_WRITER_DUTY, { log, retryMs });
  }
}
