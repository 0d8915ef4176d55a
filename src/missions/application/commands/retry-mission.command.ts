export class RetryMissionCommand {
  constructor(
    readonly caller: string,
    readonly missionId: string,
    readonly options: { deploy?: boolean; publish?: boolean } = {},
  ) {}
}
