/* Draws every chart of a page: the spec of its kind (tenure-chart-specs.js) with the page's own rows
 * (the figure's data-values attribute). Specs never travel inside <script> tags of the page, so
 * Material's instant navigation cannot turn them into code, and untrusted text stays data. */
(function () {
  "use strict";

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function draw(figure) {
    var specs = window.TENURE_CHART_SPECS || {};
    var base = specs[figure.getAttribute("data-chart")];
    var canvas = figure.querySelector(".tenure-chart__canvas");
    if (!base || !canvas || typeof window.vegaEmbed !== "function") {
      figure.setAttribute("data-chart-state", "unavailable");
      return;
    }
    var spec = JSON.parse(JSON.stringify(base));
    spec.datasets = { values: JSON.parse(figure.getAttribute("data-values") || "[]") };
    figure.setAttribute("data-chart-state", "drawing");
    window
      .vegaEmbed(canvas, spec, { actions: false, renderer: "svg", theme: isDark() ? "dark" : undefined })
      .then(function () {
        figure.setAttribute("data-chart-state", "drawn");
      })
      .catch(function (error) {
        figure.setAttribute("data-chart-state", "failed");
        console.error("Tenure chart", figure.getAttribute("data-chart"), error);
      });
  }

  /* The numbers behind a chart, formatted as the rest of the site formats them (reports/formatting.py). */
  var SYMBOLS = { USD: "$", EUR: "\u20ac", GBP: "\u00a3", JPY: "\u00a5", CAD: "CA$", AUD: "A$" };
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function grouped(number, decimals) {
    var parts = Math.abs(number).toFixed(decimals).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  function formatCell(value, how, currency) {
    if (value === null || value === undefined) return how ? "\u2013" : "";
    if (how === "money") {
      var symbol = SYMBOLS[currency];
      var sign = value < 0 ? "\u2212\u2060" : "";
      return symbol ? sign + symbol + grouped(value, 0) : sign + grouped(value, 0) + " " + currency;
    }
    if (how === "percent") return (value * 100).toFixed(1) + "%";
    if (how === "integer") return (value < 0 ? "\u2212" : "") + grouped(value, 0);
    if (how === "month_label") {
      var date = String(value).split("-");
      return MONTHS[parseInt(date[1], 10) - 1] + " " + date[0];
    }
    if (how === "quarter_label") {
      var q = String(value).split("-");
      return q[0] + " Q" + (Math.floor((parseInt(q[1], 10) - 1) / 3) + 1);
    }
    return String(value);
  }

  function fillTable(figure) {
    var body = figure.querySelector(".tenure-chart__data tbody");
    if (!body || body.rows.length) return;
    var columns = JSON.parse(figure.getAttribute("data-columns") || "[]");
    var rows = JSON.parse(figure.getAttribute("data-table-values") || figure.getAttribute("data-values") || "[]");
    var currency = figure.getAttribute("data-currency") || "USD";
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      columns.forEach(function (column) {
        var td = document.createElement("td");
        td.textContent = formatCell(row[column[0]], column[2], currency);
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    body.appendChild(fragment);
  }

  function drawAll() {
    document.querySelectorAll("figure.tenure-chart[data-chart]").forEach(function (figure) {
      fillTable(figure);
      draw(figure);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(drawAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }

  /* Redraw in the other palette when the reader switches light/dark mode. */
  new MutationObserver(function (changes) {
    if (changes.some(function (c) { return c.attributeName === "data-md-color-scheme"; })) drawAll();
  }).observe(document.body, { attributes: true });
})();
