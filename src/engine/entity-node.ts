import type { EntityModel } from '../model/model.js';
import type { LossyView } from '../views/views.js';

/** A resolved entity as GraphQL sees it: the lossy view of one type, at one time. */
export interface EntityNode {
  readonly id: string;
  readonly type: EntityModel;
  readonly values: LossyView;
  readonly asOf: number | undefined;
}
