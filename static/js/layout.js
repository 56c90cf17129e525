// Small-screen helpers, loaded on every page (no framework, works offline):
// - the "Menu" button opens and closes the main navigation on narrow screens;
// - each table cell learns its column name (data-label) so that, where the stylesheet turns
//   table rows into cards (under 700 px), every value keeps its heading.
// Without this script the navigation simply wraps and the cards show values without headings.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu() {
    const button = document.querySelector(".nav-toggle");
    const header = document.querySelector(".topbar");
    if (!button || !header) return;
    button.addEventListener("click", function () {
      const open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  function labelTable(table) {
    const heads = table.tHead ? Array.from(table.tHead.rows[0]?.cells || []) : [];
    if (!heads.length) return;
    const names = heads.map(function (th) { return th.textContent.trim(); });
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const name = names[column];
          if (name && cell.tagName === "TD" && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", name);
          }
          column += cell.colSpan || 1;
        }
      }
    }
  }

  // Rows arrive later too (htmx swaps, the upload page's script): label their tables then.
  function labelAdded(records) {
    const tables = new Set();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const host = node.closest("table");
        if (host) tables.add(host);
        for (const table of node.querySelectorAll("table")) tables.add(table);
      }
    }
    tables.forEach(labelTable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    document.querySelectorAll("table").forEach(labelTable);
    new MutationObserver(labelAdded).observe(document.body, { childList: true, subtree: true });
  });
})();
