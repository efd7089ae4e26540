import type { TestProject } from 'vitest/node';
import { provideTestMysql } from '@localscale/mysql/testing';

declare module 'vitest' {
  export interface ProvidedContext { mysqlUrl: string }
}

export default async function setup(project: TestProject) {
  return provideTestMysql((key, value) => project.provide(key, value));
}
