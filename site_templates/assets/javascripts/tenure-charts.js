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

  function drawAll() {
    document.querySelectorAll("figure.tenure-chart[data-chart]").forEach(draw);
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
