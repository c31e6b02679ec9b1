/*
 * The search page (search.html): its box answers as the reader types, without reloading the
 * page or its index, and the address follows the query (?q=, with ?tag=, ?category=, ?year=)
 * so that back and forward, a reload and a shared link show the same results.
 *
 * A pause in typing starts a new history entry; the keys typed after it change that entry
 * (history.replaceState), so back goes to the query before, not to each letter of it.
 */
"use strict";
(() => {
  const form = document.querySelector(".bunko-search-form");
  const input = form.querySelector("input[name=q]");
  const container = document.getElementById("search-results");
  //: Quiet time after a key before the results are drawn.
  const DEBOUNCE_MS = 120;
  //: A query typed this long after the last one is a new history entry.
  const NEW_ENTRY_AFTER_MS = 1000;
  const pageTitle = document.title;

  let filters = {};
  let lastWritten = -Infinity;

  const view = BunkoSearchView.results(container, {
    onSearch: (query, chosen, event) => {
      event.preventDefault();
      input.value = query;
      filters = chosen;
      commit("push");
    },
  });

  const show = () => {
    const query = input.value;
    view.show(query, filters);
    document.title = query.trim() ? `${query.trim()} - ${pageTitle}` : pageTitle;
  };

  const writeAddress = (how) => {
    const url = BunkoSearchView.address(input.value, filters);
    if (url === window.location.href) return;
    if (how === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  };

  /** Show the box's query now and put it in the address: a new entry or the current one. */
  const commit = (how) => {
    typed.cancel();
    writeAddress(how);
    lastWritten = performance.now();
    show();
  };

  const settle = () => commit(
    performance.now() - lastWritten > NEW_ENTRY_AFTER_MS ? "push" : "replace");

  const typed = BunkoSearchView.typing(input, DEBOUNCE_MS, settle);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    settle();
    lastWritten = -Infinity; // Enter ends a query: the next one is a new entry
    // On a phone, the keyboard goes away to show the results.
    if (window.matchMedia("(pointer: coarse)").matches) input.blur();
  });

  const load = () => {
    const found = BunkoSearchView.readAddress(window.location.search);
    input.value = found.query;
    filters = found.filters;
    show();
  };

  window.addEventListener("popstate", () => {
    typed.cancel();
    load();
  });

  BunkoSearch.whenIndexed(() => {
    const found = BunkoSearchView.readAddress(window.location.search);
    filters = found.filters;
    // What the reader typed while the index loaded wins over the address.
    if (input.value !== found.query) commit("replace");
    else show();
    const asked = input.value || Object.keys(filters).length;
    if (!asked && document.activeElement === document.body) input.focus();
  });
})();
