import type { TestProject } from 'vitest/node';
import { provideTestMysql } from '@localscale/mysql/testing';

declare module 'vitest' {
  export interface ProvidedContext { mysqlUrl: string }
}

export default async function setup(project: TestProject) {
  if (!process.env.LOCALSCALE_TEST_VTGATE) {
    console.warn('conformance suite: the vtgate adapter is skipped (set LOCALSCALE_TEST_VTGATE=mysql://host:port/ to run it against a real vtgate)');
  }
  return provideTestMysql((key, value) => project.provide(key, value));
}
