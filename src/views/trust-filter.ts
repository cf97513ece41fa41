import type { Delta } from '../delta/delta.js';

/**
 * Whose deltas a view counts (docs/design.md §9). Each given list narrows:
 * `creators` and `hosts` keep only deltas whose creator (host) is listed,
 * `excludeCreators` and `excludeHosts` drop the listed ones. An absent list
 * does not narrow; an empty `creators` or `hosts` trusts nobody.
 *
 * @example { creators: ['alice', 'bob'], excludeHosts: ['node-untrusted'] }
 */
export interface TrustFilter {
  readonly creators?: readonly string[];
  readonly hosts?: readonly string[];
  readonly excludeCreators?: readonly string[];
  readonly excludeHosts?: readonly string[];
}

/** Whether a delta passes the filter: every given list must agree. */
export const trusts = (filter: TrustFilter, delta: Delta): boolean =>
  (filter.creators === undefined || filter.creators.includes(delta.creator)) &&
  (filter.hosts === undefined || filter.hosts.includes(delta.host)) &&
  (filter.excludeCreators === undefined || !filter.excludeCreators.includes(delta.creator)) &&
  (filter.excludeHosts === undefined || !filter.excludeHosts.includes(delta.host));

/** Whether the filter narrows anything at all (an empty object trusts every delta). */
export const narrows = (filter: TrustFilter | undefined): filter is TrustFilter =>
  filter !== undefined &&
  (filter.creators !== undefined ||
    filter.hosts !== undefined ||
    filter.excludeCreators !== undefined ||
    filter.excludeHosts !== undefined);
