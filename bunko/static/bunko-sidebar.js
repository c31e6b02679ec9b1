/**
 * bunko: fills furo's sidebar sections with their links and counts.
 *
 * Every page carries the sections' headings (the links a reader without JavaScript has) and
 * loads, deferred, _static/bunko-sidebar-data.js, which bunko/sidebar.py writes: by section,
 * [label, URI below the site's root, count] and the words of its "all" link. One file for
 * every page, so a new post rewrites that file, not every page. Its URIs are resolved against
 * the page's root (data-bunko-root). Labels come from front matter: they go in as text nodes,
 * never as HTML.
 */
(() => {
  "use strict";

  const item = (href, label, count, className) => {
    const entry = document.createElement("li");
    entry.className = className ? `toctree-l1 ${className}` : "toctree-l1";
    const link = document.createElement("a");
    link.className = "reference internal";
    link.setAttribute("href", href);
    link.append(label);
    if (count !== null) {
      const number = document.createElement("span");
      number.className = "bunko-count";
      number.textContent = String(count);
      link.append(number);
    }
    entry.append(link);
    return entry;
  };

  const fill = () => {
    const data = window.bunkoSidebarData;
    const sidebar = document.querySelector(".bunko-sidebar[data-bunko-root]");
    if (!data || !sidebar || sidebar.dataset.bunkoFilled) return;
    sidebar.dataset.bunkoFilled = "true";
    const root = sidebar.dataset.bunkoRoot;
    for (const heading of sidebar.querySelectorAll("[data-bunko-section]")) {
      const section = data[heading.dataset.bunkoSection];
      if (!section) continue;
      const list = document.createElement("ul");
      list.className = "bunko-sidebar-list";
      for (const [label, uri, count] of section.links) {
        list.append(item(root + uri, label, count));
      }
      const all = heading.querySelector("a");
      if (section.more && all) {
        list.append(item(all.getAttribute("href"), `${section.more} →`, null, "bunko-more"));
      }
      heading.after(list);
    }
  };

  // The data script is deferred: it has run when the document is parsed.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
