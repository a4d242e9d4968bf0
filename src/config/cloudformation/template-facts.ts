/** What a template's pseudo parameters and the running API's references resolve to. */
export interface TemplateFacts {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** The emulated API's id, given to `Ref` of the API that runs here. */
  readonly apiId: string;
  /** Logical id of the API that runs here (others get ids of their own). */
  readonly apiLogicalId: string | undefined;
  /** The stage name `Ref` of the running API's Stage gives (an override from the command line wins). */
  readonly stageOverride: string | undefined;
}
