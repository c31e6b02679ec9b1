/*
 * bunko's search results, drawn for the search page and for the dialog: title, date, terms
 * and the summary or a snippet around the match, the query's words marked; filter chips; and
 * when nothing matches, what might: tags and categories of a similar name, the query in the
 * other kana, the query without its filters, the archive.
 *
 * Words come from labels.py through BunkoSearchConfig (bunko-search-config.js); ranking and
 * matching from BunkoSearch (bunko-search.js). The page (bunko-search-page.js) and the dialog
 * (bunko-search-dialog.js) say when to draw and what the reader does.
 */
"use strict";
var BunkoSearchView = (() => {
  const labels = BunkoSearchConfig.labels;
  const escapeHTML = BunkoSearch.escapeHTML;
  const { root, searchPage } = BunkoSearchLoader;

  //: Results whose snippet is cut from the post's text; the rest show their summary.
  const SNIPPETS_SHOWN = 20;
  //: Results drawn at once (what a phone shows); then the rest of a screenful; then as many
  //: more each time the reader asks (a button after the list). Each batch loads the display
  //: data of its documents first, a file or two a result: a query that matches thousands of
  //: posts loads the data of the results shown, not of all of them.
  const FIRST_BATCH = 5;
  const SCREENFUL = 20;
  const MORE = 50;
  //: Suggestions of each kind shown when nothing matches.
  const SUGGESTIONS = 8;
  const FILTERS = ["tag", "category", "year"];
  const KINDS = { category: "cats", tag: "tags" };

  const format = (label, values) =>
    label.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));

  /* ---- addresses ---- */

  /** The query and the filters (keyed as the index keys terms) of a search page's ``?…``. */
  const readAddress = (search) => {
    const params = new URLSearchParams(search);
    const filters = {};
    for (const name of FILTERS) {
      const value = BunkoSplitter.termKey(params.get(name) || "");
      if (value) filters[name] = value;
    }
    return { query: params.get("q") || "", filters };
  };

  /** The search page's address for a query and filters. */
  const address = (query, filters = {}) => {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const name of FILTERS) if (filters[name]) params.set(name, filters[name]);
    const search = params.toString();
    return searchPage + (search ? `?${search}` : "");
  };

  /** A result's page, with the words to mark there (bunko-search-loader.js reads ?mark=). */
  const resultAddress = (doc, terms) =>
    root + doc.uri + (terms.length ? `?mark=${encodeURIComponent(terms.join(" "))}` : "");

  /* ---- the site's terms, for chips and suggestions ---- */

  /** Every tag and category of the site: [{kind, key, label, count}], most used first
   * (loaded by BunkoSearch.prepareTerms before anything here asks). */
  const terms = () => BunkoSearch.terms();

  const termLabel = (kind, key) =>
    (terms().find((term) => term.kind === kind && term.key === key) || { label: key }).label;

  const filterText = (name, value) => {
    if (name === "year") return format(labels.search_filter_year, { label: value });
    const label = termLabel(name, value);
    return format(name === "tag" ? labels.term_title_tags : labels.term_title_categories,
      { label });
  };

  /* ---- suggestions when nothing matches ---- */

  const HIRAGANA = /[\u3041-\u3096\u309d\u309e]/gu;
  const KATAKANA = /[\u30a1-\u30f6\u30fd\u30fe]/gu;
  const shift = (offset) => (char) => String.fromCodePoint(char.codePointAt(0) + offset);
  const toKatakana = (text) => text.replace(HIRAGANA, shift(0x60));
  const toHiragana = (text) => text.replace(KATAKANA, shift(-0x60));

  /** The query with its hiragana written in katakana, and its katakana in hiragana. Width
   * needs no variant: the index and the query are both NFKC (ｶﾀｶﾅ is カタカナ, ＡＷＳ is AWS),
   * so the other width finds exactly what this one found. */
  const otherKana = (query) => {
    const typed = query.normalize("NFKC");
    return [...new Set([toKatakana(typed), toHiragana(typed)])].filter((text) => text !== typed);
  };

  /** Edits (insert, delete, replace) between two strings, in code points (Levenshtein). */
  const distance = (first, second) => {
    const a = [...first], b = [...second];
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++)
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      previous = current;
    }
    return previous[b.length];
  };

  /** How far a term's name is from a word of the query: 0 it contains the word, 1 the word
   * contains it, 2 + edits when it is a few letters off (kana of either kind alike);
   * Infinity when it is not near. */
  const nearness = (key, word) => {
    const name = toHiragana(key), typed = toHiragana(word);
    if (name.includes(typed)) return 0;
    const length = [...typed].length;
    if ([...name].length > 1 && typed.includes(name)) return 1;
    const allowed = length >= 8 ? 2 : length >= 3 ? 1 : 0;
    if (!allowed || Math.abs([...name].length - length) > allowed) return Infinity;
    const edits = distance(name, typed);
    return edits <= allowed ? 2 + edits : Infinity;
  };

  //: A single Latin letter is in too many names to suggest any.
  const suggestible = (word) => [...word].length > 1 || BunkoSplitter.cjkCharacter.test(word);

  /** Tags and categories whose names contain a word of ``text`` or resemble it. */
  const similarTerms = (text) => {
    const words = BunkoSplitter.queryUnits(text).map((unit) => unit.text).filter(suggestible);
    const found = [];
    for (const term of terms()) {
      const near = Math.min(...words.map((word) => nearness(term.key, word)));
      if (near !== Infinity) found.push({ term, near });
    }
    return found.sort((a, b) => a.near - b.near || b.term.count - a.term.count)
      .slice(0, SUGGESTIONS).map(({ term }) => term);
  };

  /** Load what ``suggestions`` searches and names. */
  const prepareSuggestions = (query, filters) => Promise.all([
    BunkoSearch.prepareTerms(),
    ...(query.trim() ? [...otherKana(query).map((text) => BunkoSearch.prepare(text, filters)),
      BunkoSearch.prepare(query, {})] : []),
  ]);

  /** What to offer when ``query`` with ``filters`` finds nothing. */
  const suggestions = (query, filters) => {
    const filtered = Object.keys(filters).length > 0;
    const spellings = [];
    if (query.trim())
      for (const text of otherKana(query)) {
        const count = BunkoSearch.search(text, filters).length;
        if (count) spellings.push({ query: text, count });
      }
    const unfiltered = filtered && query.trim() ? BunkoSearch.search(query, {}).length : 0;
    const named = query.trim() ? query : (filters.tag || filters.category || "");
    return { terms: named ? similarTerms(named) : [], spellings, unfiltered };
  };

  /* ---- drawing ---- */

  const termLinks = (doc, filters, compact) => {
    const links = [];
    for (const [kind, field] of Object.entries(KINDS))
      for (const [key, label] of doc[field]) {
        const active = filters[kind] === key ? " bunko-filter-active" : "";
        const css = `bunko-term bunko-${kind}${active}`;
        // In the dialog a result is one option: no links inside it.
        links.push(compact ? `<span class="${css}">${escapeHTML(label)}</span>`
          : `<a class="${css}" data-bunko-search href="`
            + `${escapeHTML(address("", { [kind]: key }))}">${escapeHTML(label)}</a>`);
      }
    return links.join(" ");
  };

  /** A page's text without its first line when that is the title, shown just above. */
  const withoutTitle = (text, title) => {
    const end = text.indexOf("\n");
    return end >= 0 && text.slice(0, end).trim() === title.trim() ? text.slice(end + 1) : text;
  };

  const resultItem = (hit, rank, terms, filters, compact) => {
    const doc = BunkoSearch.doc(hit.doc);
    const item = document.createElement("li");
    item.className = "bunko-post-item bunko-result kind-text";
    item.dataset.score = hit.score;
    item.innerHTML =
      '<a class="bunko-post-title bunko-result-title" '
      + `href="${escapeHTML(resultAddress(doc, terms))}"${compact ? ' tabindex="-1"' : ""}>`
      + `${BunkoSearch.highlight(doc.title, terms)}</a>`
      + (doc.date || doc.tags.length || doc.cats.length
        ? '<div class="bunko-post-meta">'
          + (doc.date ? `<time class="bunko-date" datetime="${escapeHTML(doc.date)}">`
            + `${escapeHTML(doc.date_text)}</time> ` : "")
          + `${termLinks(doc, filters, compact)}</div>` : "")
      + `<p class="bunko-excerpt context">${BunkoSearch.highlight(doc.summary, terms)}</p>`;
    // A snippet when the body matched and the summary did not.
    if ((hit.fields & BunkoSearch.BODY) && !(hit.fields & BunkoSearch.EXCERPT)
        && rank < SNIPPETS_SHOWN && terms.length) {
      const context = item.querySelector(".context");
      BunkoSearch.requestText(doc.text, `${root}_static/bunko-search/text/${doc.text}.js`,
        (text) => {
          const cut = BunkoSearch.snippet(withoutTitle(text, doc.title), terms);
          if (cut) {
            context.innerHTML = BunkoSearch.highlight(cut, terms);
            context.classList.add("bunko-snippet");
          }
        });
    }
    return item;
  };

  const filterChips = (query, filters) => {
    const chips = document.createElement("p");
    chips.className = "bunko-filters";
    chips.innerHTML = Object.entries(filters).map(([name, value]) => {
      const text = filterText(name, value);
      const rest = { ...filters };
      delete rest[name];
      return `<span class="bunko-filter">${escapeHTML(text)} <a data-bunko-search href="`
        + `${escapeHTML(address(query, rest))}" aria-label="`
        + `${escapeHTML(format(labels.search_remove_filter, { label: text }))}">×</a></span>`;
    }).join(" ");
    return chips;
  };

  const noResults = (query, filters) => {
    const { terms: similar, spellings, unfiltered } = suggestions(query, filters);
    const box = document.createElement("div");
    box.className = "bunko-no-results";
    let html = "";
    const section = (heading, items) => {
      if (items.length)
        html += `<p class="bunko-suggestion-heading">${escapeHTML(heading)}</p>`
          + `<ul class="bunko-suggestions">${items.join("")}</ul>`;
    };
    section(labels.search_suggest_terms, similar.map((term) =>
      `<li><a class="bunko-term bunko-${term.kind}" data-bunko-search href="`
      + `${escapeHTML(address("", { [term.kind]: term.key }))}">${escapeHTML(term.label)}`
      + `<span class="bunko-count">${term.count}</span></a></li>`));
    section(labels.search_suggest_spelling, spellings.map((spelling) =>
      `<li><a class="bunko-spelling" data-bunko-search href="`
      + `${escapeHTML(address(spelling.query, filters))}">${escapeHTML(spelling.query)}</a>`
      + `<span class="bunko-count">${spelling.count}</span></li>`));
    if (unfiltered)
      section(labels.search_suggest_unfiltered, [
        `<li><a class="bunko-unfiltered" data-bunko-search href="${escapeHTML(address(query))}">`
        + `${escapeHTML(query)}</a><span class="bunko-count">${unfiltered}`
        + "</span></li>"]);
    html += '<p class="bunko-suggestion-archive">'
      + `<a href="${escapeHTML(root + BunkoSearchConfig.archive)}">`
      + `${escapeHTML(labels.search_suggest_archive)} →</a></p>`;
    box.innerHTML = html;
    return box;
  };

  const statusText = (query, count) => {
    if (count === 1) return labels.search_found_one;
    if (count) return format(labels.search_found, { n: count });
    return query.trim() ? format(labels.search_no_results, { query: query.trim() })
      : labels.search_no_filtered_results;
  };

  /**
   * Results drawn into ``container`` (the page's #search-results, or the dialog's list).
   * ``compact``: the dialog's form (no filters, links only on titles, at most ``limit``);
   * ``onSearch(query, filters, event)``: a link to another search was followed (a term, a
   * chip, a suggestion); it may prevent the navigation to search in place.
   * ``onDrawn(hits)``: the first results are shown.
   */
  const results = (container, { compact = false, limit = Infinity, onSearch, onDrawn } = {}) => {
    const status = document.createElement("p");
    status.className = "search-summary bunko-search-status";
    status.setAttribute("role", "status");
    const list = document.createElement("ul");
    list.className = "search bunko-post-list bunko-results";
    const more = document.createElement("button");
    more.type = "button";
    more.className = "bunko-more";
    more.hidden = true;
    container.replaceChildren(status, list, more);
    let drawing = 0;
    //: What the button draws next, while it is shown.
    let drawMore = null;
    more.addEventListener("click", () => { if (drawMore) drawMore(); });

    container.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-bunko-search]");
      if (!link || !onSearch || event.ctrlKey || event.metaKey || event.shiftKey || event.button)
        return;
      const { query, filters } = readAddress(new URL(link.href).search);
      onSearch(query, filters, event);
    });

    /** Draw the results of ``query`` with ``filters`` once the shards they need have
     * loaded; the promise gives the hits (null when a newer query took over). */
    const show = async (query, filters = {}) => {
      const draw = ++drawing;
      delete container.dataset.bunkoDone;
      drawMore = null;
      container.dataset.bunkoQuery = query;
      const filtered = Object.keys(filters).length > 0;
      const searched = query.trim() || filtered;
      if (searched) await BunkoSearch.prepare(query, filters);
      if (draw !== drawing) return null;
      const hits = searched ? BunkoSearch.search(query, filters) : [];
      if (searched && !hits.length) await prepareSuggestions(query, filters);
      const shown = Math.min(hits.length, limit);
      const batchReady = (start, end) => BunkoSearch.prepareDocs(
        hits.slice(start, Math.min(end, shown)).map((hit) => hit.doc));
      // The dialog's few results are its options, all made at once (onDrawn names them).
      const first = compact ? shown : FIRST_BATCH;
      await batchReady(0, first);
      if (draw !== drawing) return null;
      const terms = BunkoSearch.highlightTerms(query);
      for (const old of container.querySelectorAll(".bunko-filters, .bunko-no-results"))
        old.remove();
      list.replaceChildren();
      more.hidden = true;
      if (filtered) status.before(filterChips(query, filters));
      status.textContent = searched ? statusText(query, hits.length) : "";
      if (searched && !hits.length) list.after(noResults(query, filters));
      /** Draw results ``start`` to ``end``; ``asked``: the reader pressed the button, and
       * focus goes to the first of them (the button may be gone). Past a screenful the
       * button asks for more; ``data-bunko-done`` says nothing is being drawn. */
      const drawBatch = (start, end, asked = false) => {
        if (draw !== drawing) return; // a newer query took over
        const batch = document.createDocumentFragment();
        for (let rank = start; rank < Math.min(end, shown); rank++)
          batch.appendChild(resultItem(hits[rank], rank, terms, filters, compact));
        const firstDrawn = batch.firstElementChild;
        list.appendChild(batch);
        if (asked && firstDrawn) firstDrawn.querySelector("a").focus();
        if (end < SCREENFUL && end < shown) {
          batchReady(end, SCREENFUL).then(() => drawBatch(end, SCREENFUL));
          return;
        }
        more.hidden = end >= shown;
        if (end < shown) {
          more.textContent = format(labels.search_more, { n: Math.min(MORE, shown - end) });
          drawMore = () => {
            drawMore = null;
            delete container.dataset.bunkoDone;
            batchReady(end, end + MORE).then(() => drawBatch(end, end + MORE, true));
          };
        }
        container.dataset.bunkoDone = "true";
      };
      drawBatch(0, first);
      container.dataset.bunkoFirst = performance.now();
      if (onDrawn) onDrawn(hits);
      return hits;
    };

    return { show, list };
  };

  /**
   * Typing in ``input``: ``onPause()`` once the keys have paused for ``quietMs``, never while
   * an input method composes a word (its keys build the word; it is searched once committed).
   * The handle says whether a run is pending or a word is being composed, and cancels a
   * pending run (when the caller runs it at once).
   */
  const typing = (input, quietMs, onPause) => {
    let timer = null;
    let composing = false;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { timer = null; onPause(); }, quietMs);
    };
    input.addEventListener("compositionstart", () => { composing = true; });
    input.addEventListener("compositionend", () => {
      composing = false;
      schedule();
    });
    input.addEventListener("input", (event) => {
      if (!event.isComposing && !composing) schedule();
    });
    return {
      pending: () => timer !== null,
      composing: () => composing,
      cancel: () => {
        clearTimeout(timer);
        timer = null;
      },
    };
  };

  return { results, readAddress, address, format, labels, typing };
})();
