/* careguide search box: Material's look, Pagefind's index (see careguide-search-worker.js).
 * ES5 syntax, classic script, no build step: it must run where module workers do not, to say so.
 * Nothing is downloaded until the visitor opens the search; results link to page sections. */
(function () {
  "use strict";
  var box = document.querySelector("[data-cg-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) { return; }
  var input = box.querySelector("[data-cg-search-input]");
  var meta = box.querySelector("[data-cg-search-meta]");
  var list = box.querySelector("[data-cg-search-list]");
  var result = box.querySelector("[data-cg-search-result]");
  var root = new URL(box.dataset.cgRoot, location.href);
  var words = translations();
  var worker = null;
  var broken = false;
  var latest = 0;
  var timer = 0;

  function translations() {
    try {
      return JSON.parse(document.getElementById("__config").textContent).translations;
    } catch (e) { return {}; }
  }

  function start() {
    if (worker || broken) { return; }
    try {
      worker = new Worker(box.dataset.cgWorker, { type: "module" });
    } catch (e) {
      unavailable();
      return;
    }
    worker.addEventListener("message", function (event) {
      if (event.data.id === latest) { show(event.data); }
    });
    worker.addEventListener("error", unavailable);
  }

  /* A browser too old for module workers: say so instead of waiting forever. */
  function unavailable() {
    broken = true;
    list.textContent = "";  // not replaceChildren(): missing before Chrome 86
    meta.textContent = "这个浏览器无法使用站内搜索，请通过上方的导航查找。";
    result.dataset.cgSearchState = "unavailable";
  }

  function ask() {
    var query = input.value.trim();
    latest += 1;
    if (!query) {
      list.textContent = "";
      meta.textContent = words["search.result.placeholder"] || "";
      result.dataset.cgSearchState = "empty";
      return;
    }
    start();
    if (broken) { unavailable(); return; }
    result.dataset.cgSearchState = "busy";
    worker.postMessage({ id: latest, query: query, now: Date.now() }); /* the page's clock */
  }

  /* The index separates words with spaces (hair spaces in titles, plain ones in excerpts):
   * drop every space that does not sit between two Latin letters or digits. */
  function readable(text) {
    return (text || "").replace(/[ \u200a]+/g, function (space, at, all) {
      var before = all.slice(0, at).replace(/[\ue000\ue001]+$/, "").slice(-1);
      var after = all.slice(at + space.length).replace(/^[\ue000\ue001]+/, "").charAt(0);
      return /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? " " : "";
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  /* Excerpts are Pagefind's HTML: escaped text with <mark>. Rebuild them from text nodes only. */
  function excerpt(html) {
    var p = element("p");
    var marked = html.replace(/<mark>/g, "\ue000").replace(/<\/mark>/g, "\ue001");
    var text = new DOMParser().parseFromString(marked, "text/html").documentElement.textContent;
    readable(text).replace(/^[。，、；：！？）」』”\s]+/, "").split(/([\ue000\ue001])/).reduce(function (inside, part) {
      if (part === "\ue000") { return true; }
      if (part === "\ue001") { return false; }
      if (part) { p.appendChild(inside ? element("mark", "", part) : document.createTextNode(part)); }
      return inside;
    }, false);
    return p;
  }

  function article(heading, level, text, icon) {
    var node = element("article", "md-search-result__article md-typeset");
    if (icon) { node.appendChild(element("div", "md-search-result__icon md-icon")); }
    node.appendChild(element(level, "", heading));
    if (text) { node.appendChild(excerpt(text)); }
    return node;
  }

  function link(url, content) {
    var a = element("a", "md-search-result__link");
    a.href = new URL(url.replace(/^\//, ""), root).href;
    a.appendChild(content);
    return a;
  }

  /* Sections of one page are shown together, under the page, in the order of their best one. */
  function show(data) {
    var groups = [];
    var byPage = {};
    data.results.forEach(function (item) {
      var page = item.url.split("#")[0];
      if (!byPage[page]) { byPage[page] = { url: page, title: "", items: [] }; groups.push(byPage[page]); }
      byPage[page].items.push(item);
      byPage[page].title = byPage[page].title || readable(item.page || item.title);
    });
    list.textContent = "";
    groups.forEach(function (group) {
      var li = element("li", "md-search-result__item");
      group.items.forEach(function (item, index) {
        var title = readable(item.title);
        var isPage = !item.page;
        if (index === 0) {
          var first = article(group.title, "h1", isPage ? item.excerpt : "", true);
          if (!isPage) {
            first.appendChild(element("p", "cg-search-section", title));
            first.appendChild(excerpt(item.excerpt));
          }
          li.appendChild(link(item.url, first));
        } else {
          li.appendChild(link(item.url, article(isPage ? group.title : title, "h2", item.excerpt)));
        }
      });
      list.appendChild(li);
    });
    var count = groups.length;
    meta.textContent = count === 0 ? words["search.result.none"] || "没有找到符合条件的结果"
      : count === 1 ? words["search.result.one"] || "找到 1 个符合条件的结果"
        : (words["search.result.other"] || "# 个符合条件的结果").replace("#", count);
    if (data.error) { meta.textContent = "搜索暂时出错，请稍后再试。"; }
    result.dataset.cgSearchQuery = data.query;
    result.dataset.cgSearchTerms = data.terms.join(" ");
    result.dataset.cgSearchState = data.error ? "error" : "done";
  }

  function open() {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      start();
      setTimeout(function () { input.focus(); input.select(); }, 50);
    }
  });
  input.addEventListener("focus", function () { if (!toggle.checked) { open(); } });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 120);
  });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { location.href = first.href; }
  });
  box.querySelector("form").addEventListener("reset", function () {
    setTimeout(ask, 0);
    input.focus();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) { close(); }
  });

  document.addEventListener("keydown", function (event) {
    var typing = event.target instanceof HTMLElement &&
      (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
    if (toggle.checked) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var index = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); event.preventDefault(); }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = index + step;
        if (next < 0) { input.focus(); } else if (links[next]) { links[next].focus(); }
        event.preventDefault();
      }
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey &&
      (event.key === "/" || event.key === "s" || event.key === "f")) {
      open();
      event.preventDefault();
    }
  });
})();
