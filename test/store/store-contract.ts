import { beforeAll, describe } from 'vitest';
import type { ContractSubject } from './contract-fixtures.js';
import { describeReadContract } from './store-contract-reads.js';
import { describeWriteContract } from './store-contract-writes.js';

export type { ContractSubject } from './contract-fixtures.js';

/**
 * The one contract both backends fulfil (docs/design.md §1, §5). `open` runs in
 * `beforeAll`; every test uses ids of its own, so they share one database.
 */
export const describeStoreContract = (name: string, open: () => Promise<ContractSubject>) => {
  describe(`DeltaStore contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    beforeAll(async () => {
      subject = await open();
    });
    const current = () => {
      if (!subject) throw new Error('The store under test is not open yet.');
      return subject;
    };
    describeWriteContract(current);
    describeReadContract(current);
  });
};
