import type { EntityModel } from '../model/model.js';
import type { LossyView } from '../views/views.js';
import type { Perspective } from './perspective.js';

/** A resolved entity as GraphQL sees it: the lossy view of one type, at one time. */
export interface EntityNode {
  readonly id: string;
  readonly type: EntityModel;
  readonly values: LossyView;
  readonly asOf: number | undefined;
  /** The perspective it was read from, when not the live view: its references and `_deltas` are read from it too. */
  readonly perspective?: Perspective;
}
