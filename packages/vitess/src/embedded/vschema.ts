// The shape checks a VSchema document (vschema.Keyspace as JSON) must pass before it is stored.
import { VitessError, type VSchema } from '../port/index.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateVSchema(vschema: VSchema): void {
  const bad = (message: string) => new VitessError(`invalid vschema: ${message}`, 1105);
  if (!isObject(vschema)) throw bad('expected a JSON object');
  if ('sharded' in vschema && typeof vschema.sharded !== 'boolean') throw bad('sharded must be a boolean');
  if ('vindexes' in vschema) {
    if (!isObject(vschema.vindexes)) throw bad('vindexes must be an object');
    for (const [name, v] of Object.entries(vschema.vindexes)) {
      if (!isObject(v) || typeof v.type !== 'string' || v.type === '') throw bad(`vindex ${name} needs a type`);
    }
  }
  if ('tables' in vschema) {
    if (!isObject(vschema.tables)) throw bad('tables must be an object');
    for (const [name, t] of Object.entries(vschema.tables)) {
      if (!isObject(t)) throw bad(`table ${name} must be an object`);
      if ('column_vindexes' in t && !Array.isArray(t.column_vindexes)) throw bad(`table ${name}: column_vindexes must be an array`);
    }
  }
}
