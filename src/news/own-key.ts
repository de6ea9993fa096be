// Lookups of outside text (a command name, a feed's charset or link type, a CVE record's version) in
// a constant table. `table[key]` would also find what every object inherits: a feed that says
// type="constructor" would get Object itself back. Own keys only.

/** `table[key]` when the table itself has the key, else undefined. */
export const ownValue = <V>(table: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;
