/* Tables that read like a spreadsheet, in the page and offline (file:// included):
 *  - tables marked data-filterable get a text filter, facet menus (data-facets="name:Label,…", each row's
 *    value in data-f-<name>; several values separated by "|"; a facet ending in _days is "within N days"),
 *    sorting on every header (numbers largest first on the first click), a default order
 *    (data-default-sort="<column>:desc") and, with data-url-state, the filter and sort kept in the page
 *    address so a view can be shared;
 *  - every data table gets a "Download CSV" button that saves the rows shown, as they are sorted.
 * Built for 10,000 rows: each row's text is read once, filtering toggles `hidden`, sorting re-appends
 * rows in one fragment. */
(function () {
  "use strict";

  var WINDOWS = [30, 90, 180, 365];

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var sortKey = cell.getAttribute("data-sort");
    return sortKey !== null ? parseFloat(sortKey) : cell.textContent.trim().toLowerCase();
  }

  function headerLabel(header) {
    var copy = header.cloneNode(true);
    copy.querySelectorAll("a.tenure-def--mark").forEach(function (mark) { mark.remove(); });
    return copy.textContent.trim();
  }

  /* --- the page address keeps a table's view: #q=…&sort=2d&tier=scale ------------------------- */
  function readState() {
    var state = {};
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("=") === -1) return state;
    hash.split("&").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) state[decodeURIComponent(parts[0])] = decodeURIComponent(parts[1]);
    });
    return state;
  }

  function writeState(state) {
    var pairs = Object.keys(state).filter(function (key) { return state[key] !== ""; }).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(state[key]);
    });
    var address = window.location.href.split("#")[0] + (pairs.length ? "#" + pairs.join("&") : "");
    try {
      window.history.replaceState(null, "", address);
    } catch (error) {
      /* some browsers refuse it for file:// pages; the view still works, it just is not in the address */
    }
  }

  function parseFacets(table) {
    var spec = table.getAttribute("data-facets");
    if (!spec) return [];
    return spec.split(",").map(function (item) {
      var parts = item.split(":");
      return { name: parts[0].trim(), label: (parts[1] || parts[0]).trim() };
    });
  }

  function setUp(table) {
    if (table.getAttribute("data-table-ready")) return;
    table.setAttribute("data-table-ready", "1");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var facets = parseFacets(table);
    var keepState = table.hasAttribute("data-url-state");
    var state = keepState ? readState() : {};
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

    var bar = document.createElement("div");
    bar.className = "tenure-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "tenure-filter__input md-input";
    input.placeholder = "Filter " + rows.length.toLocaleString() + " rows (name, tier, CSM, …)";
    input.setAttribute("aria-label", "Filter the table");
    input.value = state.q || "";
    bar.appendChild(input);

    var selects = facets.map(function (facet) {
      var select = document.createElement("select");
      select.className = "tenure-filter__facet";
      select.setAttribute("data-facet", facet.name);
      select.setAttribute("aria-label", facet.label);
      var windowed = /_days$/.test(facet.name);
      var options = [["", windowed ? facet.label + ": any time" : facet.label + ": all"]];
      if (windowed) {
        WINDOWS.forEach(function (days) { options.push([String(days), facet.label + " " + days + " days"]); });
      } else {
        var seen = {};
        rows.forEach(function (row) {
          (row.getAttribute("data-f-" + facet.name) || "").split("|").forEach(function (value) {
            if (value) seen[value] = true;
          });
        });
        Object.keys(seen).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (value) {
          options.push([value, facet.label + ": " + value]);
        });
      }
      options.forEach(function (option) {
        var element = document.createElement("option");
        element.value = option[0];
        element.textContent = option[1];
        select.appendChild(element);
      });
      select.value = state[facet.name] || "";
      bar.appendChild(select);
      return { facet: facet, select: select, windowed: windowed };
    });

    var count = document.createElement("span");
    count.className = "tenure-filter__count";
    bar.appendChild(count);
    var anchor = table.closest(".tenure-table-wrap") || table;
    anchor.parentNode.insertBefore(bar, anchor);

    function matches(row, index, words) {
      if (!words.every(function (word) { return texts[index].indexOf(word) !== -1; })) return false;
      return selects.every(function (entry) {
        var wanted = entry.select.value;
        if (!wanted) return true;
        var value = row.getAttribute("data-f-" + entry.facet.name) || "";
        if (entry.windowed) return value !== "" && parseFloat(value) <= parseFloat(wanted);
        return value.split("|").indexOf(wanted) !== -1;
      });
    }

    var sortState = "";
    function remember() {
      if (!keepState) return;
      var next = { q: input.value };
      selects.forEach(function (entry) { next[entry.facet.name] = entry.select.value; });
      next.sort = sortState;
      writeState(next);
    }

    function applyFilter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var match = matches(rows[i], i, words);
        rows[i].hidden = !match;
        if (match) shown++;
      }
      count.textContent = shown.toLocaleString() + " of " + rows.length.toLocaleString();
    }

    var numeric = headers.map(function (header, index) {
      return rows.length > 0 && rows[0].cells[index] && rows[0].cells[index].hasAttribute("data-sort");
    });

    function sortBy(index, ascending) {
      headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      headers[index].setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var order = rows.map(function (row, i) { return [cellValue(row, index), i]; });
      order.sort(function (a, b) {
        if (a[0] < b[0]) return ascending ? -1 : 1;
        if (a[0] > b[0]) return ascending ? 1 : -1;
        return a[1] - b[1];
      });
      var fragment = document.createDocumentFragment();
      order.forEach(function (pair) { fragment.appendChild(rows[pair[1]]); });
      body.appendChild(fragment);
      sortState = index + (ascending ? "a" : "d");
    }

    headers.forEach(function (header, index) {
      header.setAttribute("role", "button");
      header.setAttribute("tabindex", "0");
      header.setAttribute("aria-sort", "none");
      header.title = "Sort by " + headerLabel(header);
      if (numeric[index]) header.classList.add("tenure-numeric");
      /* Numbers sort largest first on the first click, so the biggest accounts lead; text A to Z. */
      function sort() {
        var current = header.getAttribute("aria-sort");
        sortBy(index, current === "none" ? !numeric[index] : current !== "ascending");
        remember();
      }
      /* A header's "?" link goes to the column's definition; it does not sort. */
      header.addEventListener("click", function (event) {
        if (!event.target.closest("a")) sort();
      });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });

    var initial = state.sort || table.getAttribute("data-default-sort") || "";
    var parsed = /^(\d+)[:]?(a|d|asc|desc)$/.exec(initial.replace(":asc", "a").replace(":desc", "d"));
    if (parsed && headers[parseInt(parsed[1], 10)]) sortBy(parseInt(parsed[1], 10), parsed[2].charAt(0) === "a");

    input.addEventListener("input", function () { applyFilter(); remember(); });
    selects.forEach(function (entry) {
      entry.select.addEventListener("change", function () { applyFilter(); remember(); });
    });
    applyFilter();
  }

  /* --- CSV of a table's rows, made in the browser ------------------------------------------------ */
  function csvText(text) {
    /* A text that a spreadsheet would run as a formula is written as text. */
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csvField(cell) {
    /* A number as the number itself (its sort key), not as formatted ("$26,208", "89.3%"); a cell that
     * says more than a number ("green 76", "–") as its text. */
    var text = cell.textContent.replace(/\s+/g, " ").trim();
    var key = cell.getAttribute("data-sort");
    var bare = text.replace(/[^0-9.+\-]/g, "");
    var isNumber = /^[^A-Za-z]*[0-9][^A-Za-z]*$/.test(text) && bare !== "" && !isNaN(parseFloat(bare));
    if (key !== null && key !== "" && isNumber && !isNaN(parseFloat(key))) return key;
    return csvText(text);
  }

  function tableCsv(table) {
    var lines = [];
    var head = table.tHead && table.tHead.rows[0];
    if (head) lines.push(Array.prototype.map.call(head.cells, function (th) { return csvText(headerLabel(th)); }).join(","));
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (!row.hidden) lines.push(Array.prototype.map.call(row.cells, csvField).join(","));
      });
    });
    return lines.join("\r\n") + "\r\n";
  }

  function fileName(table, index) {
    var page = (document.querySelector("h1") || { textContent: "tenure" }).textContent;
    var slug = page.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "tenure";
    var caption = table.closest("figure") && table.closest("figure").querySelector(".tenure-chart__title");
    var part = caption ? caption.textContent.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") : "table-" + (index + 1);
    return slug + "-" + part + ".csv";
  }

  function addDownload(table, index) {
    if (table.getAttribute("data-csv-ready")) return;
    table.setAttribute("data-csv-ready", "1");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tenure-csv md-button";
    button.textContent = "Download CSV";
    button.setAttribute("data-csv-download", "");
    button.addEventListener("click", function () {
      var blob = new Blob(["\ufeff" + tableCsv(table)], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = fileName(table, index);
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
    var anchor = table.closest(".tenure-table-wrap") || table;
    anchor.parentNode.insertBefore(button, anchor.nextSibling);
  }

  function setUpAll() {
    document.querySelectorAll("table[data-filterable]").forEach(setUp);
    document.querySelectorAll(".md-typeset table").forEach(function (table, index) {
      if (table.tBodies.length) addDownload(table, index);
    });
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
