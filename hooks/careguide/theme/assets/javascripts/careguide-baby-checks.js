/* careguide-baby-checks: 宝宝时间表's warning-sign checklist and its classes. careguide-baby.js
 * tells it the baby's months (a "cg-baby" event); answers and the centre stay in localStorage.
 * ES5 syntax, classic script, no build step: an old phone browser parses it instead of failing. */
(function () {
  "use strict";
  var KEY = "cg-baby-checks";
  var ANSWERS = { yes: "能做到", no: "还做不到", unsure: "不确定" };
  var state = load();
  var baby = null;

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || "null");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function byId(id) { return document.getElementById(id); }
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function answers() { state.answers = state.answers || {}; return state.answers; }

  /* The checklist of the last checkup age the baby has reached: corrected age if born early. */
  function current() {
    var found = null;
    all(".cg-baby-signs").forEach(function (group) {
      if (baby && baby.development >= +group.dataset.cgMonths) { found = group; }
    });
    return found;
  }
  function signs() {
    var box = byId("cg-baby-signs");
    if (!box) { return; }
    var group = current(), picked = answers(), late = false, unsure = false;
    all(".cg-baby-signs").forEach(function (each) { each.hidden = each !== group; });
    byId("cg-baby-signs-none").hidden = !baby || !!group;
    byId("cg-baby-signs-age").textContent = group ? "按宝宝" + (baby.corrected ? "的矫正月龄" : "现在的月龄") +
      "（" + baby.development + " 个月），对照 " + group.dataset.cgMonths + " 月龄的项目。" : "";
    var list = byId("cg-baby-summary-signs");
    list.textContent = "";
    if (group) {
      all("[data-cg-sign]", group).forEach(function (set) {
        var answer = picked[set.dataset.cgSign] || "";
        all("input", set).forEach(function (input) { input.checked = input.value === answer; });
        late = late || answer === "no";
        unsure = unsure || answer === "unsure";
        var li = document.createElement("li");
        li.textContent = set.querySelector("legend").textContent + "：" + (ANSWERS[answer] || "没有填");
        list.appendChild(li);
      });
    }
    var alert = byId("cg-baby-signs-alert");
    if (alert) { alert.hidden = !late; }
    byId("cg-baby-signs-unsure").hidden = !unsure;
    byId("cg-baby-summary-signs-box").hidden = !group;
    byId("cg-baby-summary-signs-age").textContent = group ? byId("cg-baby-signs-age").textContent : "";
  }

  /* The classes of the baby's band, at the chosen centre; those ended by the phone's date hide. */
  function classes() {
    var now = Date.now(), bands = all(".cg-baby-band"), months = baby ? baby.months : null;
    var band = null;
    bands.forEach(function (each) {
      if (months !== null && months >= +each.dataset.cgFrom && months < +each.dataset.cgBefore) { band = each; }
    });
    bands.forEach(function (each) {
      each.hidden = band !== null && each !== band;
      var select = each.querySelector("select"), centre = "";
      if (select) {
        select.parentNode.hidden = each !== band;
        select.value = "";
        all("option", select).forEach(function (option) { if (option.value === state.centre) { select.value = option.value; } });
        centre = each === band ? select.value : "";
        var link = each.querySelector(".cg-baby-centre-link");
        link.hidden = !centre;
        if (centre) {
          var option = select.options[select.selectedIndex];
          link.firstChild.href = option.dataset.cgHref;
          link.firstChild.textContent = option.textContent + "的全部课程";
        }
      }
      var left = 0;
      all(".cg-baby-class", each).forEach(function (item) {
        var ended = Date.parse(item.querySelector("[data-cg-end]").dataset.cgEnd) <= now;
        item.hidden = ended || (centre ? item.dataset.cgCentre !== centre : !item.hasAttribute("data-cg-first"));
        if (!item.hidden) { left += 1; }
      });
      each.querySelector(".cg-baby-none").hidden = left > 0;
    });
  }

  document.addEventListener("cg-baby", function (event) {
    baby = event.detail;
    signs();
    classes();
  });
  document.addEventListener("change", function (event) {
    var target = event.target, set = target.closest("[data-cg-sign]");
    if (set) {
      answers()[set.dataset.cgSign] = target.value;
      save();
      signs();
    } else if (target.closest(".cg-baby-band")) {
      state.centre = target.value;
      save();
      classes();
    }
  });
  var clear = byId("cg-baby-clear");
  if (clear) {
    clear.addEventListener("click", function () {
      try { localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
      state = {};
      signs();
      classes();
    });
  }
})();
