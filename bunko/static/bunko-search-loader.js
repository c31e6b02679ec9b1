/*
 * bunko's search on every page: what opens the search dialog, and the marks a result leaves.
 *
 * Loaded on every page, so it is small and loads the rest only when asked, by <script> (which
 * works from file://, where fetch does not):
 * - "/" or Ctrl+K (⌘K) — not while the reader types in a field —, furo's sidebar search field
 *   and a button in furo's phone header open a <dialog> at once; the first opening loads the
 *   splitter, the engine, the index and bunko-search-dialog.js, which fills the dialog. On the
 *   search page they go to the page's own box instead.
 * - A result links to its page with ?mark=<words>: there it loads the splitter, the engine
 *   and bunko-search-marks.js, which marks the words and scrolls to the first.
 */
"use strict";
var BunkoSearchLoader = (() => {
  const script = document.currentScript;
  const searchLink = document.querySelector('link[rel="search"]');
  // A build without a search page (singlehtml) has no link to one.
  if (!script || !searchLink) return null;

  /** The site's root as this page links to it: what stands before _static/ in this script's
   * own address ("../" on a post; "/" on the 404 page, which is served at any depth). */
  const root = script.getAttribute("src").replace(/_static\/[^/]*$/, "");
  //: Sphinx links the search page to itself as "#".
  const onSearchPage = searchLink.getAttribute("href") === "#";
  const searchPage = onSearchPage ? window.location.href.split(/[?#]/)[0] : searchLink.href;
  const title = searchLink.getAttribute("title") || "Search";

  /* ---- scripts, loaded once each, in order ---- */

  //: Each list in the order its scripts must run (each needs those before it).
  const ENGINE = ["bunko-scripts.js", "bunko-splitter.js", "bunko-search.js"];
  const VIEW = [...ENGINE, "bunko-search-config.js", "bunko-search-view.js"];
  const PAGE = [...VIEW, "bunko-search-page.js", "bunko-search/index.js"];
  const DIALOG = [...VIEW, "bunko-search-dialog.js", "bunko-search/index.js"];
  const requested = new Map();

  const loadScript = (name) => {
    if (!requested.has(name)) {
      requested.set(name, new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = `${root}_static/${name}`;
        tag.async = false; // run in the order asked for, however they arrive
        tag.onload = resolve;
        tag.onerror = () => reject(new Error(`${name} could not be loaded`));
        document.head.appendChild(tag);
      }));
    }
    return requested.get(name);
  };

  const load = (names) => Promise.all(names.map(loadScript));

  /* ---- the dialog ---- */

  let dialog = null;
  let returnFocus = null;
  //: Set while focus goes back to the sidebar field, which would open the dialog again.
  let quietFocus = false;

  const makeDialog = () => {
    const made = document.createElement("dialog");
    made.className = "bunko-search-dialog";
    made.setAttribute("aria-label", title);
    made.innerHTML =
      '<div class="bunko-search-dialog-box">' +
      '<svg class="bunko-search-icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="10.5" ' +
      'cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/></svg>' +
      '<input class="bunko-search-input" type="search" autocomplete="off" spellcheck="false" ' +
      'enterkeyhint="go">' +
      '<button class="bunko-search-close" type="button"><svg class="bunko-search-icon" ' +
      'viewBox="0 0 24 24" aria-hidden="true"><path d="m6 6 12 12M18 6 6 18"/></svg></button>' +
      '</div>' +
      '<div class="bunko-search-dialog-results"></div>';
    made.querySelector("input").setAttribute("aria-label", title);
    made.querySelector("input").placeholder = title;
    made.querySelector(".bunko-search-close").addEventListener("click", () => close());
    // Esc closes even when the field holds text (a search field would only empty itself).
    made.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.isComposing) {
        event.preventDefault();
        close();
      }
    });
    made.addEventListener("cancel", (event) => {
      event.preventDefault();
      close();
    });
    // A click on the backdrop (the dialog element itself, outside its contents) closes it.
    made.addEventListener("click", (event) => {
      if (event.target === made) close();
    });
    document.body.appendChild(made);
    return made;
  };

  /** Close the dialog and give focus back before returning: Chrome leaves it on the closed
   * field until the next frame, so a key pressed at once (Esc to take the marks away) would
   * still go to the field. */
  const close = () => {
    if (!dialog || !dialog.open) return;
    // Focus going back to the sidebar field is not a reason to open the dialog again.
    quietFocus = true;
    dialog.close();
    document.documentElement.classList.remove("bunko-search-open");
    const back = returnFocus;
    returnFocus = null;
    if (back && back.isConnected && back !== document.body) back.focus();
    else if (dialog.contains(document.activeElement)) document.activeElement.blur();
    quietFocus = false;
  };

  const showStatus = (label, role = "status") => {
    const status = document.createElement("p");
    status.className = "bunko-search-status";
    status.setAttribute("role", role);
    status.textContent = typeof BunkoSearchConfig !== "undefined"
      ? BunkoSearchConfig.labels[label] : "…";
    dialog.querySelector(".bunko-search-dialog-results").replaceChildren(status);
  };

  /** Open the search with ``text`` (or what it last held) in its field. */
  const open = (text = "") => {
    if (onSearchPage) {
      // The page's own box; out of furo's drawer first (phones).
      const drawer = document.getElementById("__navigation");
      if (drawer) drawer.checked = false;
      const box = document.querySelector(".bunko-search-form input[name=q]");
      if (text) {
        box.value = text;
        box.dispatchEvent(new Event("input"));
      }
      box.focus();
      if (!text) box.select();
      return;
    }
    if (!dialog) dialog = makeDialog();
    const input = dialog.querySelector("input");
    if (!dialog.open) {
      returnFocus = document.activeElement;
      document.documentElement.classList.add("bunko-search-open");
      dialog.showModal();
    }
    if (text) input.value = text;
    input.focus();
    input.select();
    if (!dialog.dataset.bunkoReady) {
      // The words arrive before the index: say that it is coming.
      loadScript("bunko-search-config.js").then(() => {
        if (!dialog.dataset.bunkoReady) showStatus("search_loading");
      }, () => {});
      load(DIALOG).then(() => BunkoSearchDialog.attach(dialog, input),
        () => showStatus("search_load_failed", "alert"));
    }
  };

  /* ---- what opens it ---- */

  const TEXT_INPUTS =
    /^(text|search|email|url|tel|password|number|date|datetime-local|month|week|time)$/;
  /** Whether a key pressed at ``element`` is the reader typing (a field, an editor). */
  const typing = (element) => !!element && (element.isContentEditable
    || element.tagName === "TEXTAREA" || element.tagName === "SELECT"
    || (element.tagName === "INPUT" && TEXT_INPUTS.test(element.type)));

  // Captured on window, before Sphinx's own "/" (which only focuses the sidebar field).
  window.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.isComposing || event.altKey) return;
    const slash = event.key === "/" && !event.ctrlKey && !event.metaKey;
    // Chrome's autofill sends keydown events without a key.
    const controlK = (event.key || "").toLowerCase() === "k" && (event.ctrlKey || event.metaKey)
      && !event.shiftKey;
    if ((!slash && !controlK) || typing(event.target)) return;
    if (dialog && dialog.open) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    open();
  }, true);

  const sidebarFields = document.querySelectorAll(".sidebar-search-container input[name=q]");
  for (const field of sidebarFields) {
    field.addEventListener("focus", () => {
      if (quietFocus) return;
      const text = field.value;
      field.value = "";
      open(text);
    });
    field.form?.addEventListener("submit", (event) => {
      event.preventDefault();
      open(field.value);
    });
  }

  /** A search button in furo's header for phones, where there is no "/" to press. */
  const addHeaderButton = () => {
    const header = document.querySelector(".mobile-header .header-right");
    if (!header) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "bunko-search-button";
    button.setAttribute("aria-label", title);
    button.innerHTML = '<svg class="bunko-search-icon" viewBox="0 0 24 24" aria-hidden="true">' +
      '<circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/></svg>';
    button.addEventListener("click", () => open());
    header.prepend(button);
  };

  const whenParsed = (then) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", then);
    else then();
  };

  /* ---- marks on a page opened from a result ---- */

  if (new URLSearchParams(window.location.search).has("mark") && !onSearchPage)
    load([...ENGINE, "bunko-search-marks.js"]);

  whenParsed(addHeaderButton);

  if (onSearchPage) {
    // The box shows the query at once; the results follow with the index.
    const box = document.querySelector(".bunko-search-form input[name=q]");
    if (box) box.value = new URLSearchParams(window.location.search).get("q") || "";
    load(PAGE);
  }

  return { root, searchPage, typing };
})();
