/* Filter and sort for tables marked data-filterable, in the page and offline. Built for 10,000 rows:
 * each row's text is read once, filtering toggles `hidden`, sorting re-appends rows in one fragment. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var sortKey = cell.getAttribute("data-sort");
    return sortKey !== null ? parseFloat(sortKey) : cell.textContent.trim().toLowerCase();
  }

  function setUp(table) {
    if (table.getAttribute("data-table-ready")) return;
    table.setAttribute("data-table-ready", "1");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var count = document.createElement("span");
    count.className = "tenure-filter__count";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "tenure-filter__input md-input";
    input.placeholder = "Filter " + rows.length.toLocaleString() + " rows (name, tier, CSM, …)";
    input.setAttribute("aria-label", "Filter the table");
    var bar = document.createElement("div");
    bar.className = "tenure-filter";
    bar.appendChild(input);
    bar.appendChild(count);
    table.parentNode.insertBefore(bar, table);

    function showCount(shown) {
      count.textContent = shown.toLocaleString() + " of " + rows.length.toLocaleString();
    }
    showCount(rows.length);

    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        rows[i].hidden = !match;
        if (match) shown++;
      }
      showCount(shown);
    });

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.setAttribute("role", "button");
      header.setAttribute("tabindex", "0");
      header.setAttribute("aria-sort", "none");
      header.title = "Sort by " + header.textContent.replace(/\?$/, "").trim();
      /* Numbers (cells with data-sort: money, counts) sort largest first on the first click, so the biggest
       * accounts lead; text sorts A to Z. A second click reverses. */
      var numeric = rows.length > 0 && rows[0].cells[index] && rows[0].cells[index].hasAttribute("data-sort");
      function sort() {
        var current = header.getAttribute("aria-sort");
        var ascending = current === "none" ? !numeric : current !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var order = rows.map(function (row, i) { return [cellValue(row, index), i]; });
        order.sort(function (a, b) {
          if (a[0] < b[0]) return ascending ? -1 : 1;
          if (a[0] > b[0]) return ascending ? 1 : -1;
          return a[1] - b[1];
        });
        var fragment = document.createDocumentFragment();
        order.forEach(function (pair) { fragment.appendChild(rows[pair[1]]); });
        body.appendChild(fragment);
      }
      /* A header's "?" link goes to the column's definition; it does not sort. */
      header.addEventListener("click", function (event) {
        if (!event.target.closest("a")) sort();
      });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function setUpAll() {
    document.querySelectorAll("table[data-filterable]").forEach(setUp);
    // Print buttons (the QBR brief): no inline handlers anywhere in the site.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
