/*
 * bunko's search in the browser: ranks posts with bunko's index, and finds where a query's
 * words are in a text (to mark them and cut a snippet around them), from file:// as over
 * HTTP. No page is drawn here: the search page and the dialog (bunko-search-view.js) and the
 * marks on a post opened from a result (bunko-search-loader.js) use these functions.
 *
 * The ranking is the JavaScript twin of bunko/search/ranking.py, step for step, in the same
 * small integers: change both together. tests/test_search_parity.py runs rank() under Node
 * against ranking.search over the query tables (scores and order); the constants come from
 * Python in bunko-scripts.js (BunkoScripts.ranking).
 *
 * The index comes in shards (bunko/search/shards.py): prepare(query) loads the ones the
 * query needs — by <script>, or by the loader a test gives useLoader — and the ranking then
 * runs on an index whose keys and docs hold what has been loaded, which is every key the
 * ranking reads for that query (tests/test_search_shards.py holds it to the whole index).
 */
"use strict";
var BunkoSearch = (() => {
  const {
    TITLE, TAXONOMY, EXCERPT, BODY, MIN_SUBSTRING_WORD, LEAD_WEIGHT, LINK_BONUS,
    NEIGHBOUR_BITS, WORD_PREFIX, MAX_WORD_LENGTH, DIGITS, BEFORE_FIRST,
  } = BunkoScripts.ranking;

  //: Sorts a dictionary word just after its first bigram (shards.WORD_MARK).
  const WORD_MARK = "\x01";

  let manifest = null;
  //: What has been loaded: ``docs`` has an entry (or null) for every document.
  let index = null;
  const texts = new Map();
  const waitingForText = new Map();

  const DIGIT_VALUES = new Int8Array(128);
  [...DIGITS].forEach((letter, value) => { DIGIT_VALUES[letter.charCodeAt(0)] = value; });
  const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  /*
   * A posting, as ranking reads it here, is two small integers: field bits + impact * 16
   * (``bitsOf``, ``impactOf``), and the neighbour filters (ranking.py's posting >> 10).
   */
  const bitsOf = (posting) => posting & 15;
  const impactOf = (posting) => (posting >>> 4) & 63;
  //: A key held by at least this share of the documents is looked up in arrays over all of
  //: them, faster than a Map (a query's common bigrams, thousands of documents each).
  const DENSE_SHARE = 1 / 16;

  /** Whether a key's postings hold neighbour filters (ranking.holds_neighbours). */
  const holdsNeighbours = (key) => !key.startsWith(WORD_PREFIX);

  // A posting's parts, looked up by the bits that start them (ranking.append_posting): its
  // field bits + impact * 16 (by 11 bits), a neighbour filter (by 14 bits); each with its
  // length in bits from bit 24 up.
  const HEADS = new Int32Array(1 << 11).map((_, bits) => (bits >>> 10
    ? (bits >>> 6 & 15) + (bits & 63) * 16 + (11 << 24)
    : BODY + (bits >>> 4 & 63) * 16 + (7 << 24)));
  const FILTERS = new Int32Array(1 << 14).map((_, bits) => {
    if (!(bits >>> 13)) return (1 << (bits >>> 9 & 15)) + (5 << 24);
    return bits >>> 12 & 1 ? (bits & 0xfff) + (14 << 24) : 2 << 24;
  });

  /** The 24 bits from bit ``bit`` of postings read into ``values`` (six bits a letter). */
  const peek = (values, bit) => {
    const first = (bit / 6) | 0;
    const word = values[first] << 24 | values[first + 1] << 18 | values[first + 2] << 12
      | values[first + 3] << 6 | values[first + 4];
    return word >>> (6 - (bit - first * 6)) & 0xffffff;
  };

  /**
   * A key's postings from its postings string (SearchIndex.keys, written by
   * ranking.append_posting; ``filtered``: they hold neighbour filters), for ``count``
   * documents: ``get(doc)`` its bits and impact there (0: the key is not in it),
   * ``near(doc)`` its neighbour filters, ``each((doc, posting) => …)`` in document order,
   * ``size``.
   *
   * It runs once per key a page reads, mostly before the browser has compiled it, over up to
   * hundreds of thousands of postings: so every read indexes a typed array, and no object
   * or closure is made per posting.
   */
  const decode = (letters, filtered, count) => {
    // Each letter's six bits, once, and five zero letters past the end.
    const values = new Uint8Array(letters.length + 5);
    for (let k = 0; k < letters.length; k++) values[k] = DIGIT_VALUES[letters.charCodeAt(k)];
    // A posting takes two letters at least (a gap and a head: eight bits, whole letters).
    const most = (letters.length >> 1) + 1;
    const docs = new Int32Array(most), heads = new Int32Array(most);
    const nears = filtered ? new Int32Array(most) : null;
    const end = letters.length * 6;
    let size = 0, bit = 0, doc = BEFORE_FIRST;
    while (bit < end) {
      // The gap: as many zeros as its binary has digits after the first.
      const start = peek(values, bit);
      const zeros = Math.clz32(start) - 8;
      doc += zeros <= 11 ? start >>> (23 - 2 * zeros)
        : peek(values, bit + zeros) >>> (23 - zeros);
      bit += 2 * zeros + 1;
      const head = HEADS[peek(values, bit) >>> 13];
      bit += head >>> 24;
      if (filtered) {
        const follower = FILTERS[peek(values, bit) >>> 10];
        bit += follower >>> 24;
        const predecessor = FILTERS[peek(values, bit) >>> 10];
        bit += predecessor >>> 24;
        nears[size] = (follower & 0xfff) | (predecessor & 0xfff) << NEIGHBOUR_BITS;
      }
      docs[size] = doc;
      heads[size] = head & 0xffffff;
      size += 1;
      // A posting ends with its letter: the rest of it is padding.
      bit += (6 - (bit % 6)) % 6;
    }
    const each = (visit) => { for (let k = 0; k < size; k++) visit(docs[k], heads[k]); };
    if (size >= count * DENSE_SHARE) {
      const head = new Int32Array(count), near = new Int32Array(count);
      for (let k = 0; k < size; k++) {
        head[docs[k]] = heads[k];
        if (filtered) near[docs[k]] = nears[k];
      }
      return { size, each, get: (doc) => head[doc], near: (doc) => near[doc] };
    }
    const place = new Map();
    for (let k = 0; k < size; k++) place.set(docs[k], k);
    const get = (doc) => { const k = place.get(doc); return k === undefined ? 0 : heads[k]; };
    const near = (doc) => {
      const k = place.get(doc);
      return k === undefined || !filtered ? 0 : nears[k];
    };
    return { size, each, get, near };
  };

  /** A CJK run cut into the words of ``words`` (ranking.segments). */
  const segments = (run, words) => {
    const chars = [...run];
    const found = [];
    let pending = "";
    let i = 0;
    while (i < chars.length) {
      let end = 0;
      for (let j = Math.min(chars.length, i + MAX_WORD_LENGTH); j > i + 1; j--) {
        if (words.has(chars.slice(i, j).join(""))) { end = j; break; }
      }
      if (end) {
        if (pending) { found.push(pending); pending = ""; }
        found.push(chars.slice(i, end).join(""));
        i = end;
      } else {
        pending += chars[i];
        i += 1;
      }
    }
    if (pending) found.push(pending);
    return found;
  };

  /** Bigrams a post must hold for a run cut into ``parts`` (ranking.required_bigrams). */
  const requiredBigrams = (parts) => {
    const run = [...parts.join("")];
    const cuts = new Set();
    let position = 0;
    for (let k = 0; k + 1 < parts.length; k++) {
      position += [...parts[k]].length;
      if ([...parts[k]].length > 1 && [...parts[k + 1]].length > 1) cuts.add(position);
    }
    const wanted = [];
    for (let i = 0; i + 1 < run.length; i++) {
      const gram = run[i] + run[i + 1];
      if (!cuts.has(i + 1) && !wanted.includes(gram)) wanted.push(gram);
    }
    return wanted;
  };

  /** The keys of a text as they follow one another (splitter.key_sequence). */
  const keySequence = (text) => BunkoSplitter.units(text).flatMap((unit) => {
    if (unit.cjk) return BunkoSplitter.bigrams(unit.text);
    const keys = BunkoSplitter.wordKeys(unit.text);
    return keys.length > 1 ? keys.slice(1) : keys;
  });

  /** The bit of a neighbouring key in a posting's filter (ranking.neighbour_bit). */
  const neighbourBit = (key) => {
    let value = 0;
    for (const letter of key) value = (value * 31 + letter.codePointAt(0)) % 1000003;
    return value % NEIGHBOUR_BITS;
  };

  // An index's keys and dictionary words (its keys starting with WORD_PREFIX), listed once
  // per ``keys`` object: a loader that adds keys hands rank() a new object.
  const listed = new WeakMap();
  const keysOf = (source) => {
    if (!listed.has(source.keys)) {
      const keys = Object.keys(source.keys);
      const vocabulary = new Set(keys.filter((key) => key.startsWith(WORD_PREFIX))
        .map((key) => key.slice(WORD_PREFIX.length)));
      listed.set(source.keys, { keys, vocabulary });
    }
    return listed.get(source.keys);
  };
  const vocabularyOf = (source) => keysOf(source).vocabulary;

  // Each key's postings decoded once per index, whichever query reads them: by the index's
  // ``docs`` (which every keys object of one index shares), then by key, with the letters
  // they were decoded from. Decoding is most of ranking's work, and a reader refining a
  // query (one word, then two) reads the first word's keys again.
  const decodedIn = new WeakMap();
  //: Keys kept decoded per index, the least recently read given up first: a common key's
  //: postings over all documents are two arrays of 4 bytes a document (800 KB at 100,000).
  const KEPT_DECODED = 64;
  //: The postings of a key the index does not hold.
  const NOTHING = { size: 0, each: () => {}, get: () => 0, near: () => 0 };

  /** ``key``'s postings in ``source``, decoded (none if it holds no such key, or not yet). */
  const decoded = (source, key) => {
    if (!own(source.keys, key)) return NOTHING;
    if (!decodedIn.has(source.docs)) decodedIn.set(source.docs, new Map());
    const known = decodedIn.get(source.docs);
    const letters = source.keys[key];
    const kept = known.get(key);
    known.delete(key); // put back last: the Map's order is the order of reading
    const postings = kept && kept.letters === letters ? kept.postings
      : decode(letters, holdsNeighbours(key), source.docs.length);
    known.set(key, { letters, postings });
    if (known.size > KEPT_DECODED) known.delete(known.keys().next().value);
    return postings;
  };

  /** One query's view of an index: its keys' postings, decoded (ranking._Query). */
  const queryView = (source) => {
    const { keys, vocabulary } = keysOf(source);
    const postings = (key) => decoded(source, key);
    const containing = (text) =>
      keys.filter((key) => key !== text && key.includes(text) && !key.startsWith(WORD_PREFIX));
    return { postings, containing, vocabulary };
  };

  /*
   * Where a unit matches: document → field bits + score * 16 (ranking.Matches).
   */

  /** A word, whole (its impact) or inside longer words (half theirs, the best one). */
  const wordMatches = (view, text) => {
    const found = new Map();
    view.postings(text).each((doc, posting) =>
      found.set(doc, bitsOf(posting) + impactOf(posting) * 16));
    if ([...text].length >= MIN_SUBSTRING_WORD) {
      for (const key of view.containing(text)) {
        view.postings(key).each((doc, posting) => {
          const had = found.get(doc) || 0;
          found.set(doc, ((had & 15) | bitsOf(posting))
            + Math.max(had >>> 4, impactOf(posting) >> 1) * 16);
        });
      }
    }
    return found;
  };

  /** A one-letter CJK unit: every key holding it, the best one's impact. */
  const letterMatches = (view, letter) => {
    const found = new Map();
    for (const key of [letter, ...view.containing(letter)]) {
      view.postings(key).each((doc, posting) => {
        const had = found.get(doc) || 0;
        found.set(doc, ((had & 15) | bitsOf(posting)) + Math.max(had >>> 4, impactOf(posting)) * 16);
      });
    }
    return found;
  };

  /** A CJK run: its required bigrams in one field; impacts of its bigrams and whole words. */
  const runMatches = (view, run) => {
    const parts = segments(run, view.vocabulary);
    const required = requiredBigrams(parts).map(view.postings);
    const every = [...new Set(BunkoSplitter.bigrams(run))].map(view.postings);
    const words = parts.filter((part) => [...part].length > 1);
    const whole = words.length && words.every((word) => view.vocabulary.has(word))
      ? words.map((word) => view.postings(WORD_PREFIX + word)) : [];
    const smallest = required.reduce((a, b) => (b.size < a.size ? b : a));
    const found = new Map();
    smallest.each((doc, posting) => {
      let bits = bitsOf(posting);
      for (const other of required) bits &= bitsOf(other.get(doc));
      if (!bits) return;
      let score = 0;
      for (const postings of every) score += impactOf(postings.get(doc));
      if (whole.length && whole.every((postings) => postings.get(doc)))
        for (const postings of whole) score += impactOf(postings.get(doc));
      found.set(doc, bits + score * 16);
    });
    return found;
  };

  const unitMatches = (view, unit) => {
    if (!unit.cjk) return wordMatches(view, unit.text);
    if ([...unit.text].length === 1) return letterMatches(view, unit.text);
    return runMatches(view, unit.text);
  };

  const lead = (bits) => (bits & TITLE ? 2 : bits & TAXONOMY ? 1 : 0);

  /** How many of the query's pairs of neighbouring keys stand together in ``doc``. */
  const together = (links, doc) => {
    let count = 0;
    for (let k = 0; k < links.length; k++) {
      const [first, follower, second, predecessor] = links[k];
      if ((first.near(doc) & follower) && (second.near(doc) & predecessor)) count += 1;
    }
    return count;
  };

  const admit = (doc, filters) =>
    (!filters.tag || doc.tags.some(([key]) => key === filters.tag))
    && (!filters.category || doc.cats.some(([key]) => key === filters.category))
    && (!filters.year || (doc.year !== null && String(doc.year) === filters.year));

  /**
   * Posts of ``source`` matching every unit of the query and the filters, best first:
   * [{doc, score, fields}]. ``source`` is index-like: ``docs`` (each with tags, cats and
   * year, for the filters) and ``keys`` (key → postings string) holding at least every key
   * the query needs.
   */
  const rank = (source, query, filters = {}) => {
    const units = BunkoSplitter.queryUnits(query);
    if (!units.length) {
      if (!filters.tag && !filters.category && !filters.year) return [];
      return source.docs.flatMap((doc, n) =>
        admit(doc, filters) ? [{ doc: n, score: 0, fields: 0 }] : []).reverse();
    }
    const view = queryView(source);
    let scores = null;
    const fields = new Map();
    const leads = new Map();
    for (const unit of units) {
      // A word leads where it is whole: "web" in a title saying "websites" does not.
      const whole = unit.cjk ? null : view.postings(unit.text);
      const next = new Map();
      // forEach, not for…of: no pair made for each of thousands of documents.
      unitMatches(view, unit).forEach((match, doc) => {
        if (scores !== null && !scores.has(doc)) return;
        const bits = match & 15;
        next.set(doc, ((scores && scores.get(doc)) || 0) + (match >>> 4));
        fields.set(doc, (fields.get(doc) || 0) | bits);
        const here = lead(whole === null ? bits : bitsOf(whole.get(doc) || 0));
        leads.set(doc, Math.min(leads.has(doc) ? leads.get(doc) : 2, here));
      });
      scores = next;
    }
    const sequence = keySequence(query);
    const links = [];
    for (let k = 0; k + 1 < sequence.length; k++)
      links.push([view.postings(sequence[k]), 1 << neighbourBit(sequence[k + 1]),
        view.postings(sequence[k + 1]), 1 << (NEIGHBOUR_BITS + neighbourBit(sequence[k]))]);
    const hits = [];
    for (const [doc, score] of scores) {
      if (!admit(source.docs[doc], filters)) continue;
      hits.push({ doc, score: leads.get(doc) * LEAD_WEIGHT + score + LINK_BONUS * together(links, doc),
        fields: fields.get(doc) });
    }
    // Equal scores: the newer post, numbered higher (documents are numbered oldest first).
    return hits.sort((a, b) => b.score - a.score || b.doc - a.doc);
  };

  /** Posts of the loaded index matching the query: rank() over it. */
  const search = (query, filters = {}) => rank(index, query, filters);

  /* ---- display ---- */

  const escapeHTML = (text) =>
    text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
      .replaceAll('"', "&quot;").replaceAll("'", "&#39;");

  /** What to highlight: each unit, and the words a CJK run was cut into. */
  const highlightTerms = (query) => {
    const terms = new Set();
    for (const unit of BunkoSplitter.queryUnits(query)) {
      terms.add(unit.text);
      if (unit.cjk)
        for (const part of segments(unit.text, vocabularyOf(index)))
          if ([...part].length > 1) terms.add(part);
    }
    return [...terms];
  };

  /** The normalised text with, for each of its code units, the original index it came from. */
  const normalizedWithMap = (text) => {
    const whole = BunkoSplitter.normalize(text);
    // Most text keeps its length (ＡＷＳ → aws): then index i is index i, no per-letter work.
    if (whole.length === text.length) return [whole, [...Array(text.length + 1).keys()]];
    let normalized = "";
    const origin = [];
    let i = 0;
    for (const ch of text) {
      const folded = BunkoSplitter.normalize(ch);
      for (let k = 0; k < folded.length; k++) origin.push(i);
      normalized += folded;
      i += ch.length;
    }
    origin.push(i);
    return [normalized, origin];
  };

  //: A word too short to be found inside longer words is marked only where it stands alone,
  //: as the splitter cut it: not inside a longer word, but beside kana or kanji (AIチップ).
  const LETTER_BEFORE = new RegExp(`(?:${BunkoSplitter.wordCharacter.source})$`, "u");
  const LETTER_AFTER = new RegExp(`^(?:${BunkoSplitter.wordCharacter.source})`, "u");
  const standsAlone = (text, at, length) =>
    !LETTER_BEFORE.test(text.slice(Math.max(0, at - 2), at))
    && !LETTER_AFTER.test(text.slice(at + length, at + length + 2));

  /** Ranges [start, end) of ``text`` where any term occurs, merged. */
  const matchRanges = (text, terms) => {
    const [normalized, origin] = normalizedWithMap(text);
    const ranges = [];
    for (const term of terms) {
      const short = [...term].length < MIN_SUBSTRING_WORD && !BunkoSplitter.cjkCharacter.test(term);
      let at = normalized.indexOf(term);
      while (at !== -1 && term) {
        if (!short || standsAlone(normalized, at, term.length))
          ranges.push([origin[at], origin[at + term.length] ?? text.length]);
        at = normalized.indexOf(term, at + term.length);
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const range of ranges) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([...range]);
    }
    return merged;
  };

  const highlight = (text, terms) => {
    let html = "";
    let at = 0;
    for (const [start, end] of matchRanges(text, terms)) {
      html += escapeHTML(text.slice(at, start)) + "<mark>" + escapeHTML(text.slice(start, end))
        + "</mark>";
      at = end;
    }
    return html + escapeHTML(text.slice(at));
  };

  /** About 160 characters of ``text`` around the first match, on one line. */
  const snippet = (text, terms) => {
    const ranges = matchRanges(text, terms);
    if (!ranges.length) return "";
    const start = Math.max(0, ranges[0][0] - 60);
    const end = Math.min(text.length, start + 160);
    return (start ? "…" : "") + text.slice(start, end).replace(/\s+/g, " ").trim()
      + (end < text.length ? "…" : "");
  };

  // A page's text, by the id its index entry names (a hex digest of its name), loaded from
  // ``url`` by <script>: the file calls setText.
  const requestText = (id, url, onText) => {
    if (texts.has(id)) return onText(texts.get(id));
    if (!waitingForText.has(id)) {
      waitingForText.set(id, []);
      const script = document.createElement("script");
      script.src = url;
      document.body.appendChild(script);
    }
    waitingForText.get(id).push(onText);
  };

  const setText = (id, text) => {
    texts.set(id, text);
    for (const onText of waitingForText.get(id) || []) onText(text);
    waitingForText.delete(id);
  };

  /* ---- loading the shards a query needs ---- */

  const waitingForIndex = [];
  //: Shard file name → the promise of its loading.
  const loaded = new Map();
  //: Probe → the keys containing it ("\n"-joined), from the grams shards loaded.
  const keysByProbe = new Map();
  let termTable = null;
  let facets = null;
  let folder = "";
  let loadFile = null;

  /** A shard by <script> (its file calls addKeys, addGrams, addDocs or setTerms). */
  const loadByScript = (name) => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${folder}${name}?v=${manifest.version}`;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`${name} could not be loaded`));
    document.head.appendChild(script);
  });

  /** Load shards with ``load(name) → Promise`` (resolved once the file has run) instead. */
  const useLoader = (load) => { loadFile = load; };

  const need = (names) => Promise.all([...new Set(names)].map((name) => {
    if (!loaded.has(name)) loaded.set(name, (loadFile || loadByScript)(name));
    return loaded.get(name);
  }));

  /** The shard whose range (of those beginning at ``starts``) holds ``text``; -1: none. */
  const shardOf = (starts, text) => {
    let low = 0, high = starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= text) low = middle + 1;
      else high = middle;
    }
    return starts.length ? Math.max(0, low - 1) : -1;
  };

  /** A key or gram shard's file name (shards.shard_name): the UTF-16 code units, in
   * hexadecimal, of the first ``nameUnits`` of the order its range begins at. */
  const shardName = (start) => [...Array(Math.min(start.length, manifest.nameUnits)).keys()]
    .map((i) => start.charCodeAt(i).toString(16).padStart(4, "0")).join("");

  /** The files of the shards of ``folder`` (beginning at ``starts``) holding ``orders``. */
  const shardFiles = (folder, starts, orders) => orders.map((order) => shardOf(starts, order))
    .filter((number) => number >= 0).map((number) => `${folder}/${shardName(starts[number])}.js`);

  const keyShards = (keys) => shardFiles("keys", manifest.keys, keys.map((key) =>
    key.startsWith(WORD_PREFIX) ? key.slice(WORD_PREFIX.length) + WORD_MARK : key));

  /** The keys a unit may read by name: a word itself; for a CJK run every piece of two to
   * MAX_WORD_LENGTH letters, as bigram and as dictionary word (segments looks them up). */
  const namedKeys = (unit) => {
    const chars = [...unit.text];
    if (!unit.cjk) return BunkoSplitter.wordKeys(unit.text);
    if (chars.length < 2) return [unit.text];
    const keys = [];
    for (let i = 0; i + 1 < chars.length; i++) {
      keys.push(chars[i] + chars[i + 1]);
      for (let j = i + 2; j <= Math.min(chars.length, i + MAX_WORD_LENGTH); j++)
        keys.push(WORD_PREFIX + chars.slice(i, j).join(""));
    }
    return keys;
  };

  /** What finds the keys a unit matches inside (shards.probes): a one-letter CJK word's
   * letter, a longer Latin word's trigrams. */
  const probes = (unit) => {
    const chars = [...unit.text];
    if (unit.cjk) return chars.length === 1 ? [unit.text] : [];
    if (chars.length < MIN_SUBSTRING_WORD) return [];
    const found = new Set();
    for (let i = 0; i + 3 <= chars.length; i++) found.add(chars.slice(i, i + 3).join(""));
    return [...found];
  };

  /** Keys containing the unit, as the grams shards list them. */
  const containing = (unit) => {
    const lists = probes(unit).map((probe) => keysByProbe.get(probe));
    if (!lists.length || lists.some((list) => list === undefined)) return [];
    const [first, ...rest] = lists.map((list) => list.split("\n"));
    const sets = rest.map((list) => new Set(list));
    return first.filter((key) => key.includes(unit.text) && sets.every((set) => set.has(key)));
  };

  /** Load what searching ``query`` with ``filters`` reads: its keys, the keys containing
   * its words, and with filters every document's terms. All are asked for at once, but for
   * the keys containing a word, which its probes' grams shards name. */
  const prepare = async (query, filters = {}) => {
    const units = BunkoSplitter.queryUnits(query);
    const filtered = filters.tag || filters.category || filters.year;
    // Asked for beside the grams; the last line waits for the same loads (need asks once).
    need(keyShards(units.flatMap(namedKeys))).catch(() => {});
    await need([...(filtered ? ["terms.js"] : []),
      ...shardFiles("grams", manifest.grams, units.flatMap(probes))]);
    await need(keyShards(units.flatMap((unit) => [...namedKeys(unit), ...containing(unit)])));
  };

  /** Load the display data of documents (hit numbers). */
  const prepareDocs = (numbers) => need(numbers.map((number) =>
    `docs/${Math.floor(number / manifest.docsPerShard)}.js`));

  /** Load every tag and category (for chips and suggestions). */
  const prepareTerms = () => need(["terms.js"]);

  /** Called by index.js (the manifest) when it loads. */
  const setManifest = (data) => {
    manifest = data;
    index = { docs: new Array(data.docs).fill(null), keys: Object.create(null) };
    const script = typeof document !== "undefined" && document.currentScript;
    if (script) folder = script.src.replace(/[^/]*$/, "");
    for (const onIndex of waitingForIndex.splice(0)) onIndex();
  };

  /** A key shard: rank() lists an index's keys once per keys object, so the keys loaded so
   * far and these make a new one. */
  const addKeys = (number, keys) => {
    index = { docs: index.docs, keys: Object.assign(Object.create(null), index.keys, keys) };
  };

  const addGrams = (number, grams) => {
    for (const probe of Object.keys(grams)) keysByProbe.set(probe, grams[probe]);
  };

  const addDocs = (number, entries) => {
    entries.forEach((entry, k) => { index.docs[number * manifest.docsPerShard + k] = entry; });
  };

  /** Every tag and category, and each document's [year, tags, categories] by number in the
   * table: what filters read of a document whose display data is not loaded. */
  const setTerms = (data) => {
    termTable = data.terms.map(([kind, key, label, count]) => ({ kind, key, label, count }));
    facets = data.facets;
    const pair = (number) => [termTable[number].key, termTable[number].label];
    facets.forEach(([year, tags, cats], number) => {
      if (index.docs[number] === null)
        index.docs[number] = { year, tags: tags.map(pair), cats: cats.map(pair) };
    });
  };

  /** ``onIndex()`` once the manifest is loaded: now, or when index.js calls setManifest. */
  const whenIndexed = (onIndex) => (index ? onIndex() : waitingForIndex.push(onIndex));

  /** The index's entry of a document number a hit names (prepareDocs loads it). */
  const doc = (number) => index.docs[number];

  /** Every tag and category of the site, most used first (prepareTerms loads them). */
  const terms = () => [...termTable].sort((a, b) => b.count - a.count);

  return {
    setManifest, addKeys, addGrams, addDocs, setTerms, useLoader, whenIndexed, prepare,
    prepareDocs, prepareTerms, doc, terms, setText, requestText, search, rank, decode,
    holdsNeighbours, segments, requiredBigrams, highlightTerms, matchRanges, highlight,
    snippet, escapeHTML, BODY, EXCERPT,
  };
})();
