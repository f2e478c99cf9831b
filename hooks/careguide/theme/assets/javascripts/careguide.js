/* careguide: small progressive enhancements. Every page works without them.
 * ES5 syntax, classic script, no build step: an old phone browser parses it instead of failing. */
(function () {
  "use strict";
  var root = document.documentElement;

  /* 长辈版 (elder mode): larger text, spacing and touch targets, remembered between pages. */
  function setLarge(on) {
    if (on) { root.dataset.cgSize = "large"; } else { delete root.dataset.cgSize; }
    try { localStorage.setItem("cg-text-size", on ? "large" : "normal"); } catch (e) { /* private mode */ }
    document.querySelectorAll('[data-cg-action="text-size"]').forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-cg-action]");
    if (!button) { return; }
    if (button.dataset.cgAction === "print") { window.print(); }
    if (button.dataset.cgAction === "text-size") { setLarge(root.dataset.cgSize !== "large"); }
    if (button.dataset.cgAction === "read") { reading.toggle(button); }
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
  /* 朗读 (read aloud) on article pages, in the browser's own Chinese voice. The button stays
     hidden where the browser has no zh-CN voice (many desktop and headless browsers). */
  var reading = (function () {
    var buttons = document.querySelectorAll('[data-cg-action="read"]');
    var synth = window.speechSynthesis;
    var voice = null;
    var run = 0;
    var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption";
    var SKIPPED = ".cg-tools, .cg-sources, [hidden], [data-search-exclude], script, style";
    if (!buttons.length || !synth || !window.SpeechSynthesisUtterance) { return { toggle: function () {} }; }

    function findVoice() {
      var voices = synth.getVoices() || [];
      voice = null;
      for (var i = 0; i < voices.length && !voice; i += 1) {
        if (/^(zh|cmn)[-_](CN|Hans)/i.test(voices[i].lang)) { voice = voices[i]; }
      }
      buttons.forEach(function (button) { button.hidden = !voice; });
    }

    function pressed(on) {
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.textContent = on ? "停止朗读" : "朗读全文";
      });
    }

    /* The article's text, block by block, in pieces short enough for every engine. */
    function pieces() {
      var article = document.querySelector(".md-content article") || document.body;
      var out = [];
      article.querySelectorAll(BLOCKS).forEach(function (block) {
        if (block.closest(SKIPPED) || block.querySelector(BLOCKS)) { return; }
        var text = block.textContent.replace(/¶/g, "").replace(/\s+/g, " ").trim();
        var sentences = text.match(/[^。！？；!?]+[。！？；!?]*/g) || [];
        var piece = "";
        sentences.forEach(function (sentence) {
          if (piece && piece.length + sentence.length > 200) { out.push(piece); piece = ""; }
          piece += sentence;
        });
        if (piece) { out.push(piece); }
      });
      return out;
    }

    function stop() { run += 1; synth.cancel(); pressed(false); }

    function start() {
      var mine;
      var left;
      stop();
      mine = run;
      left = pieces();
      if (!left.length) { return; }
      pressed(true);
      left.forEach(function (text, index) {
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.rate = 0.9;
        utterance.onend = utterance.onerror = function () {
          if (mine === run && index === left.length - 1) { pressed(false); }
        };
        synth.speak(utterance);
      });
    }

    findVoice();
    if (synth.addEventListener) { synth.addEventListener("voiceschanged", findVoice); }
    window.addEventListener("pagehide", function () { synth.cancel(); });
    return {
      toggle: function (button) {
        if (button.getAttribute("aria-pressed") === "true") { stop(); } else { start(); }
      }
    };
  })();

  /* Inside WeChat (MicroMessenger) files do not download: Android's WeChat does not open PDFs
     and no WeChat can hand a calendar to the phone, nor print. A tap on such a link shows how
     to open the page in the browser, a button that copies the address, and the same content as
     a web page. Every other browser follows the link as usual. */
  var FILE_GUIDES = {
    pdf: {
      title: "微信里打不开 PDF 文件",
      extra: "也可以复制文件地址，粘贴到手机浏览器的地址栏里打开。",
      alt: "不用下载也能看：网页版（按章节阅读）"
    },
    calendar: {
      title: "微信里不能把日历加到手机上",
      extra: "也可以复制日历地址，在手机日历里选“添加订阅日历”，把地址粘贴进去。",
      alt: "不用日历也能看：网页上的课程和日期"
    },
    poster: {
      title: "微信里不能打印海报",
      extra: "也可以复制海报地址，粘贴到手机或电脑的浏览器里打开，再打印。",
      alt: "先在这里看看海报"
    }
  };

  function fileKind(link) {
    if (link.dataset.cgFile) { return link.dataset.cgFile; }
    if (/\.pdf(?:[?#]|$)/i.test(link.pathname)) { return "pdf"; }
    if (/\.ics(?:[?#]|$)/i.test(link.pathname)) { return "calendar"; }
    return null;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  /* Copy text with the Clipboard API, or with a selected text field where it is missing (old
     WebViews, pages served over http); done(true) once copied. */
  function copyText(text, done) {
    function fallback() {
      var field = element("textarea", { readonly: "", "aria-hidden": "true", "class": "cg-copy-field" });
      var copied = false;
      field.value = text;
      document.body.appendChild(field);
      field.select();
      field.setSelectionRange(0, text.length);
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      document.body.removeChild(field);
      done(copied);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function showFileGuide(link, kind) {
    var words = FILE_GUIDES[kind];
    var name = link.textContent.replace(/\s+/g, " ").trim();
    var holder = link.closest("[data-cg-alt]");
    var alt = link.dataset.cgAlt || (holder && holder.dataset.cgAlt);
    var old = document.getElementById("cg-wechat");
    var guide = element("div", { id: "cg-wechat", "class": "cg-wechat", role: "dialog", "aria-modal": "true", "aria-labelledby": "cg-wechat-title" });
    var sheet = element("div", { "class": "cg-wechat__sheet md-typeset" });
    var close = element("button", { type: "button", "class": "cg-wechat__close", "aria-label": "关闭" }, "×");
    var copy = element("button", { type: "button", "class": "md-button md-button--primary cg-wechat__copy" }, "复制地址");
    var status = element("span", { "class": "cg-wechat__done", role: "status" });
    var address = element("input", { type: "text", readonly: "", "class": "cg-wechat__address", "aria-label": "地址" });
    var row = element("p", {});
    if (old) { old.parentNode.removeChild(old); }
    address.value = link.href;
    sheet.appendChild(close);
    sheet.appendChild(element("h2", { id: "cg-wechat-title" }, words.title));
    sheet.appendChild(element("p", { "class": "cg-wechat__how" }, "点右上角 ··· 选择『在浏览器打开』，在浏览器里再点一次“" + name + "”。"));
    sheet.appendChild(element("p", {}, words.extra));
    row.appendChild(copy);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(status);
    sheet.appendChild(row);
    sheet.appendChild(address);
    if (alt) {
      var more = element("p", {});
      more.appendChild(element("a", { href: alt, "class": "cg-wechat__alt" }, words.alt));
      sheet.appendChild(more);
    }
    guide.appendChild(sheet);
    document.body.appendChild(guide);

    function shut() {
      if (guide.parentNode) { guide.parentNode.removeChild(guide); }
      link.focus();
    }
    close.addEventListener("click", shut);
    guide.addEventListener("click", function (event) { if (event.target === guide) { shut(); } });
    guide.addEventListener("keydown", function (event) { if (event.key === "Escape") { shut(); } });
    copy.addEventListener("click", function () {
      copyText(link.href, function (copied) {
        status.textContent = copied ? "已复制" : "没能自动复制：请长按上面的地址复制";
        if (!copied) { address.select(); }
        copy.focus();
      });
    });
    copy.focus();
  }

  if (/MicroMessenger/i.test(navigator.userAgent)) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      var kind = link && fileKind(link);
      if (!kind || !FILE_GUIDES[kind] || link.closest("#cg-wechat")) { return; }
      event.preventDefault();
      showFileGuide(link, kind);
    });
  }
})();
