/*
 * The marks a search result leaves on the page it opens: the result's link carries the
 * query's words as the index cut them (?mark=推論処理 推論 処理); each match is wrapped in
 * <mark>, compared as the index compares (ＡＷＳ marks AWS, **大規模**言語 is one run), and the
 * page scrolls to the first. Esc takes the marks away, and the words from the address.
 *
 * Loaded by bunko-search-loader.js, after the splitter and the engine, only on a page opened
 * with ?mark=.
 */
"use strict";
(() => {
  //: Elements whose text is not the page's own, or must not be touched.
  const UNMARKED = "script, style, noscript, svg, textarea, select, button, input, mark, "
    + ".headerlink, .bunko-post-footer, .bunko-search-dialog";
  //: Elements inside a line of text: their text runs on with the text around them, as the
  //: index reads a block (``**大規模**言語モデル`` is one run).
  const INLINE = new Set(["A", "ABBR", "B", "BDI", "BDO", "CITE", "CODE", "DATA", "DEL", "DFN",
    "EM", "I", "INS", "KBD", "Q", "RP", "RT", "RUBY", "S", "SAMP", "SMALL", "SPAN", "STRONG",
    "SUB", "SUP", "TIME", "U", "VAR", "WBR"]);

  const blockOf = (node) => {
    let element = node.parentElement;
    while (element && INLINE.has(element.tagName)) element = element.parentElement;
    return element;
  };

  /** Text nodes under ``top`` grouped by the block they are in: [{nodes, text}]. */
  const textBlocks = (top) => {
    const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest(UNMARKED)
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const blocks = [];
    let current = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const block = blockOf(node);
      if (!current || current.block !== block) {
        current = { block, nodes: [], starts: [], text: "" };
        blocks.push(current);
      }
      current.nodes.push(node);
      current.starts.push(current.text.length);
      current.text += node.nodeValue;
    }
    return blocks;
  };

  /** Wrap ``[start, end)`` of a block's text in <mark>s, one per text node it spans. */
  const wrap = (block, start, end) => {
    for (let n = block.nodes.length - 1; n >= 0; n--) {
      const from = Math.max(start, block.starts[n]);
      const to = Math.min(end, block.starts[n] + block.nodes[n].nodeValue.length);
      if (from >= to) continue;
      const range = document.createRange();
      range.setStart(block.nodes[n], from - block.starts[n]);
      range.setEnd(block.nodes[n], to - block.starts[n]);
      const mark = document.createElement("mark");
      mark.className = "bunko-mark";
      range.surroundContents(mark);
    }
  };

  const markPage = (terms) => {
    const top = document.querySelector("article[role=main]") || document.body;
    for (const block of textBlocks(top)) {
      // From the last match back, so the offsets of those before stay true.
      for (const [start, end] of BunkoSearch.matchRanges(block.text, terms).reverse())
        wrap(block, start, end);
    }
    const first = top.querySelector("mark.bunko-mark");
    if (!first) return;
    first.classList.add("bunko-mark-first");
    // At once, not with furo's smooth scrolling: the reader came for this line.
    const toFirst = () => first.scrollIntoView({ block: "center", behavior: "instant" });
    toFirst();
    // Images above the match change its place as they load: follow it, unless the reader
    // has scrolled meanwhile.
    const settled = window.scrollY;
    if (document.readyState !== "complete") {
      window.addEventListener("load", () => {
        if (window.scrollY === settled) toFirst();
      }, { once: true });
    }
  };

  const unmarkPage = () => {
    for (const mark of document.querySelectorAll("mark.bunko-mark")) {
      const parent = mark.parentNode;
      mark.replaceWith(...mark.childNodes);
      parent.normalize();
    }
    const url = new URL(window.location.href);
    url.searchParams.delete("mark");
    window.history.replaceState(window.history.state, "", url);
  };

  const words = new URLSearchParams(window.location.search).get("mark") || "";
  const terms = words.split(/\s+/).map(BunkoSplitter.normalize).filter(Boolean);
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", () => markPage(terms));
  else markPage(terms);
  // Sphinx's own Esc (which hides its highlights) has already prevented the default: only
  // an Esc meant for a field or for the search dialog is left alone.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !BunkoSearchLoader.typing(event.target)
        && !event.target.closest("dialog"))
      unmarkPage();
  });
})();
