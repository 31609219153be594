/**
 * French has a third plural category: Intl.PluralRules('fr') calls 1,000,000 and above "many" (for
 * "1 000 000 de fichiers"). i18next then looks for `_many`, and without it shows the key itself. The
 * dictionaries write `_one` and `_other` only: each `_other` stands in for a missing `_many`.
 */
type Tree = { [key: string]: string | Tree };

export function withManyForms<T extends object>(dictionary: T): T {
  const copy = (tree: Tree): Tree => {
    const out: Tree = {};
    for (const [key, value] of Object.entries(tree)) {
      out[key] = typeof value === 'string' ? value : copy(value);
      const base = key.endsWith('_other') ? key.slice(0, -'_other'.length) : null;
      if (base !== null && typeof value === 'string' && !(`${base}_many` in tree)) out[`${base}_many`] = value;
    }
    return out;
  };
  return copy(dictionary as unknown as Tree) as unknown as T;
}
