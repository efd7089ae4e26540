// Tables that Vitess (and LocalScale's embedded engine, which uses the same names) creates for its own
// bookkeeping: online-DDL shadow tables and the table lifecycle's hold/purge/evac/drop names. Users never
// see them in PlanetScale's schema views, so snapshots leave them out.

// v20+ names: `_vt_hld_<uuid32>_<YYYYMMDDhhmmss>_` and friends; older GC names use upper case (`_vt_HOLD_`).
const vitessPrefixed = /^_vt_/i;
// v19 online-DDL shadow tables: `_<uuid with underscores>_<YYYYMMDDhhmmss>_vrepl`.
const vreplShadow = /^_[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}_\d{14}_vrepl$/i;

export function isInternalArtifact(name: string): boolean {
  return vitessPrefixed.test(name) || vreplShadow.test(name);
}
