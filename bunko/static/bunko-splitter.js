/*
 * bunko's splitter for the browser: the JavaScript twin of bunko/search/normalize.py and
 * bunko/search/splitter.py. Index and query must be cut the same way, so any change here
 * is made there too (tests/test_search_splitter.py compares both token for token).
 */
"use strict";
var BunkoSplitter = (() => {
  const CJK = "\u3005-\u3007\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff" +
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  const ALNUM = `(?:(?![${CJK}])[\\p{L}\\p{N}])`;
  const UNIT = new RegExp(`([${CJK}]+)|(${ALNUM}+(?:[-.+_]${ALNUM}+)*)`, "gu");
  const JOINER = /[-.+_]/;

  const normalize = (text) => text.normalize("NFKC").toLowerCase().normalize("NFKC");

  /** Words and CJK runs of a text, normalised: [{text, cjk}]. */
  const units = (text) =>
    [...normalize(text).matchAll(UNIT)].map((m) => ({ text: m[0], cjk: m[1] !== undefined }));

  /** A query's units, each once, in the order typed. */
  const queryUnits = (query) => {
    const seen = new Map();
    for (const unit of units(query)) if (!seen.has(unit.text)) seen.set(unit.text, unit);
    return [...seen.values()];
  };

  const bigrams = (run) => {
    const chars = [...run];
    if (chars.length < 2) return [run];
    const grams = [];
    for (let i = 0; i < chars.length - 1; i++) grams.push(chars[i] + chars[i + 1]);
    return grams;
  };

  const wordKeys = (word) => {
    const parts = word.split(JOINER);
    return parts.length > 1 ? [word, ...parts] : [word];
  };

  /** Index keys in order, repeats kept: what Sphinx's SearchLanguage.split gives. */
  const split = (text) =>
    units(text).flatMap((unit) => (unit.cjk ? bigrams(unit.text) : wordKeys(unit.text)));

  return { normalize, units, queryUnits, bigrams, wordKeys, split };
})();
