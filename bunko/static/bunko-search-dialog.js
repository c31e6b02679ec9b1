/*
 * The search dialog's contents, once its scripts and the index have loaded: results as the
 * reader types, ↑ ↓ to choose one, Enter to open it (the first is chosen to begin with), and
 * a link to the search page with every result. The dialog itself — opening, Esc, focus back
 * where it was — is bunko-search-loader.js's, so it works before anything here has loaded.
 *
 * The field is an ARIA combobox over a listbox: focus stays in the field while ↑ ↓ move
 * the chosen option (aria-activedescendant), as a screen reader expects of a search popup.
 */
"use strict";
var BunkoSearchDialog = (() => {
  const labels = BunkoSearchView.labels;
  const format = BunkoSearchView.format;
  //: Results the dialog lists; the search page has them all.
  const LIMIT = 20;
  const DEBOUNCE_MS = 80;

  const attach = (dialog, input) => {
    if (dialog.dataset.bunkoReady) return;
    dialog.dataset.bunkoReady = "true";
    dialog.setAttribute("aria-label", labels.search);
    input.setAttribute("aria-label", labels.search);
    input.placeholder = labels.search_placeholder;
    dialog.querySelector(".bunko-search-close").setAttribute("aria-label", labels.search_key_close);

    const region = dialog.querySelector(".bunko-search-dialog-results");
    const footer = document.createElement("div");
    footer.className = "bunko-search-dialog-footer";
    const text = (label) => BunkoSearch.escapeHTML(labels[label]);
    footer.innerHTML = '<span class="bunko-search-keys">'
      + `<kbd>↑</kbd><kbd>↓</kbd> ${text("search_key_choose")}`
      + ` <kbd>Enter</kbd> ${text("search_key_open")} <kbd>Esc</kbd> ${text("search_key_close")}`
      + '</span><a class="bunko-search-all" hidden></a>';
    region.after(footer);
    const allResults = footer.querySelector(".bunko-search-all");

    let active = -1;
    //: The results being drawn: ↑ ↓ and Enter act on them once they are shown.
    let drawn = Promise.resolve();

    const options = () => [...view.list.children];

    const choose = (number) => {
      const items = options();
      active = items.length ? (number + items.length) % items.length : -1;
      items.forEach((item, n) => item.setAttribute("aria-selected", String(n === active)));
      if (active < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    };

    const view = BunkoSearchView.results(region, {
      compact: true,
      limit: LIMIT,
      // A term of a result or a suggested term lists its posts on the search page; another
      // spelling, or the query without filters, is searched here.
      onSearch: (query, filters, event) => {
        if (Object.keys(filters).length) return;
        event.preventDefault();
        input.value = query;
        show();
        input.focus();
      },
      onDrawn: (hits) => {
        options().forEach((item, n) => {
          item.id = `bunko-search-option-${n}`;
          item.setAttribute("role", "option");
        });
        input.setAttribute("aria-expanded", String(hits.length > 0));
        choose(0);
        const query = input.value.trim();
        allResults.hidden = hits.length <= LIMIT;
        allResults.href = BunkoSearchView.address(query);
        allResults.textContent = format(labels.search_all_results, { n: hits.length });
      },
    });
    view.list.id = "bunko-search-dialog-list";
    view.list.setAttribute("role", "listbox");
    view.list.setAttribute("aria-label", labels.search);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", view.list.id);
    input.setAttribute("aria-autocomplete", "list");

    const show = () => {
      typed.cancel();
      drawn = view.show(input.value);
    };
    const typed = BunkoSearchView.typing(input, DEBOUNCE_MS, show);
    input.addEventListener("keydown", (event) => {
      // An input method's ↑ ↓ and Enter choose its words, not a result.
      if (event.isComposing || typed.composing() || event.keyCode === 229) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (typed.pending()) show(); // the results of what is typed, not of a moment ago
        const step = event.key === "ArrowDown" ? 1 : -1;
        drawn.then(() => choose(active + step));
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (typed.pending()) show();
        drawn.then(() => {
          const item = options()[Math.max(active, 0)];
          if (item) item.querySelector("a").click();
        });
      }
    });
    view.list.addEventListener("mousemove", (event) => {
      const item = event.target.closest("li[role=option]");
      if (item) {
        const number = options().indexOf(item);
        if (number !== active) choose(number);
      }
    });

    show();
  };

  return { attach };
})();
