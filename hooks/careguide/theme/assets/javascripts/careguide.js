/* careguide: small progressive enhancements. Every page works without them.
 * ES5 syntax, classic script, no build step: an old phone browser parses it instead of failing. */
(function () {
  "use strict";
  var root = document.documentElement;

  function setLarge(on) {
    if (on) { root.dataset.cgSize = "large"; } else { delete root.dataset.cgSize; }
    try { localStorage.setItem("cg-text-size", on ? "large" : "normal"); } catch (e) { /* private mode */ }
    document.querySelectorAll('[data-cg-action="text-size"]').forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "标准字号" : "大字模式";
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-cg-action]");
    if (!button) { return; }
    if (button.dataset.cgAction === "print") { window.print(); }
    if (button.dataset.cgAction === "text-size") { setLarge(root.dataset.cgSize !== "large"); }
  });
  if (root.dataset.cgSize === "large") { setLarge(true); }

  /* Classes that have ended since the site was built are hidden from "upcoming" lists. */
  var now = Date.now();
  document.querySelectorAll("[data-cg-upcoming] [data-cg-end]").forEach(function (item) {
    if (Date.parse(item.dataset.cgEnd) <= now) { item.hidden = true; item.classList.add("cg-ended"); }
  });
  document.querySelectorAll("[data-cg-upcoming]").forEach(function (list) {
    var left = list.querySelectorAll("[data-cg-end]:not([hidden])").length;
    var empty = list.querySelector("[data-cg-none-left]");
    if (empty && left === 0) { empty.hidden = false; }
  });

  /* Directory quick filter: matches a centre's name or its district. */
  var filter = document.getElementById("cg-centre-filter");
  if (filter) {
    filter.hidden = false;
    var input = filter.querySelector("input");
    input.addEventListener("input", function () {
      var query = input.value.trim();
      document.querySelectorAll("[data-cg-group]").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("[data-cg-centre]").forEach(function (item) {
          var match = !query || item.dataset.cgCentre.indexOf(query) !== -1;
          item.hidden = !match;
          if (match) { shown += 1; }
        });
        group.hidden = shown === 0;
      });
    });
  }
})();
