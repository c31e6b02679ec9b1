/*
 * bunko's splitter for the browser: the JavaScript twin of bunko/search/normalize.py,
 * bunko/search/splitter.py and terms.term_key. Index and query must be cut the same way.
 *
 * No character class or case mapping is written here: they come from bunko/search/scripts.py
 * as BunkoScripts (_static/bunko-scripts.js, written by every build), so this file holds only
 * the steps. Pure and free of the DOM: tests/test_search_parity.py runs it under Node
 * against the Python functions.
 */
"use strict";
var BunkoSplitter = ((scripts) => {
  const codePoint = (value) => `\\u{${value.toString(16)}}`;
  /** The inside of a regular expression's [...] (with the "u" flag) holding the ranges. */
  const characterClass = (ranges) => ranges.map(([first, last]) =>
    (last > first ? `${codePoint(first)}-${codePoint(last)}` : codePoint(first))).join("");

  const CJK = `[${characterClass(scripts.cjk)}]`;
  const WORD_CHARACTER = `[${characterClass(scripts.word)}]`;
  const JOINER = `[${characterClass(scripts.joiners)}]`;
  const UNIT = new RegExp(
    `(${CJK}+)|(${WORD_CHARACTER}+(?:${JOINER}${WORD_CHARACTER}+)*)`, "gu");
  const JOINERS = new RegExp(JOINER, "u");
  const VARIATION_SELECTORS = new RegExp(`[${characterClass(scripts.variationSelectors)}]`, "gu");
  const WHITESPACE = new RegExp(`[${characterClass(scripts.whitespace)}]+`, "gu");

  // Python's str.casefold, as the table scripts.py wrote from it: per code point, never
  // toLowerCase (whose final-sigma rule and Unicode version are the browser's own).
  const FOLDS = new Map();
  for (const [first, count, step, offset] of scripts.folds)
    for (let point = first; point < first + count * step; point += step)
      FOLDS.set(String.fromCodePoint(point), String.fromCodePoint(point + offset));
  for (const [point, folded] of scripts.foldsToSeveral)
    FOLDS.set(String.fromCodePoint(point), folded);
  const FOLDABLE = new RegExp(
    `[${[...FOLDS.keys()].map((char) => codePoint(char.codePointAt(0))).join("")}]`, "gu");

  const casefold = (text) => text.replace(FOLDABLE, (char) => FOLDS.get(char));

  /** Text as the index sees it: no variation selectors, NFKC, case-folded, NFKC again. */
  const normalize = (text) =>
    casefold(text.replace(VARIATION_SELECTORS, "").normalize("NFKC")).normalize("NFKC");

  /** A tag's, category's or year's identity (terms.term_key): what &tag= is compared by. */
  const termKey = (label) => normalize(label).replace(WHITESPACE, " ").replace(/^ | $/g, "");

  /** Words and CJK runs of a text, normalised: [{text, cjk}]. */
  const units = (text) => {
    // exec on the one compiled UNIT: matchAll and split copy the expression, and compiling
    // its thousand ranges again costs 100 times the match.
    const found = [];
    const normalized = normalize(text);
    UNIT.lastIndex = 0;
    for (let m = UNIT.exec(normalized); m !== null; m = UNIT.exec(normalized))
      found.push({ text: m[0], cjk: m[1] !== undefined });
    return found;
  };

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
    const parts = word.split(JOINERS);
    return parts.length > 1 ? [word, ...parts] : [word];
  };

  /** Index keys in order, repeats kept: what Sphinx's SearchLanguage.split gives. */
  const split = (text) =>
    units(text).flatMap((unit) => (unit.cjk ? bigrams(unit.text) : wordKeys(unit.text)));

  /** Patterns of one CJK character and of one letter or digit of a word, for highlighting. */
  const cjkCharacter = new RegExp(CJK, "u");
  const wordCharacter = new RegExp(WORD_CHARACTER, "u");

  return {
    normalize, termKey, units, queryUnits, bigrams, wordKeys, split, cjkCharacter, wordCharacter,
  };
})(BunkoScripts);
