/* careguide-baby: 宝宝时间表 (/my-baby/), worked out in the browser; the dates stay in localStorage.
 * ES5 syntax, classic script, no build step: an old phone browser parses it instead of failing. */
(function () {
  "use strict";
  var box = document.getElementById("cg-baby");
  if (!box) { return; }
  var KEY = "cg-baby";
  var DAY = 86400000;
  var form = document.getElementById("cg-baby-form");
  var status = document.getElementById("cg-baby-status");
  var result = document.getElementById("cg-baby-result");
  var summary = document.getElementById("cg-baby-summary");
  var schedule = null, checkups = null, waiting = box.dataset.cgCheckups ? 2 : 1;
  var state = load();
  box.hidden = false;

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

  /* Dates are whole days, as UTC midnights: no time zone or clock change moves a day. */
  function parseDay(text) {
    var found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!found) { return null; }
    var time = Date.UTC(+found[1], +found[2] - 1, +found[3]);
    return new Date(time).getUTCDate() === +found[3] ? time : null;
  }
  function today() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(time) {
    var d = new Date(time);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }
  function shown(time) {
    var d = new Date(time);
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日";
  }
  /* Calendar months: born 31 January, 2 months old on 31 March. When that day does not exist
     (1 month after 31 January), the month is complete on the 1st of the next month (1 March):
     never earlier than the child really reaches the age. */
  function addMonths(time, months) {
    var d = new Date(time);
    var year = d.getUTCFullYear(), month = d.getUTCMonth() + months, day = d.getUTCDate();
    var moved = new Date(Date.UTC(year, month, day));
    if (moved.getUTCDate() !== day) { moved = new Date(Date.UTC(year, month + 1, 1)); }
    return moved.getTime();
  }
  /* The day a child born on `birth` reaches `age` ("0d", "24h", "6w", "2m", "3y"). */
  function reach(birth, age) {
    var found = /^(\d+)([hdwmy])$/.exec(age);
    var value = +found[1], unit = found[2];
    if (unit === "h") { return birth + Math.floor(value / 24) * DAY; }
    if (unit === "d") { return birth + value * DAY; }
    if (unit === "w") { return birth + value * 7 * DAY; }
    return addMonths(birth, unit === "m" ? value : value * 12);
  }
  /* The first day past "before `age`": the day after the child reaches it, for hours (24 h
     after a birth at any hour of the day ends on the next day), else the day it is reached. */
  function deadline(birth, age) {
    return reach(birth, age) + (/h$/.test(age) ? DAY : 0);
  }
  function age(from, to) {
    var months = 0;
    while (addMonths(from, months + 1) <= to) { months += 1; }
    return { months: months, days: Math.round((to - addMonths(from, months)) / DAY) };
  }
  function ageText(a) {
    if (a.months === 0) { return a.days + " 天"; }
    var text = a.months + " 个月 " + a.days + " 天";
    if (a.months >= 12) {
      text += "（" + Math.floor(a.months / 12) + " 岁" + (a.months % 12 ? " " + (a.months % 12) + " 个月" : "") + "）";
    }
    return text;
  }

  /* Products that replace each other (live or inactivated JE): the parent's pick, or "" */
  function groups() {
    var found = {};
    form.querySelectorAll("[data-cg-group]").forEach(function (set) {
      var kinds = {};
      set.querySelectorAll("input[data-cg-kind]").forEach(function (input) {
        kinds[input.value] = input.dataset.cgKind;
      });
      found[set.dataset.cgGroup] = { label: set.dataset.cgLabel, kinds: kinds };
    });
    return found;
  }
  var GROUPS = groups();
  function choice(group) { return (state.options || {})[group] || ""; }

  /* The doses as the page lists them: one item per dose, except products that replace each
     other: the doses of one group at one age are one item ("乙脑疫苗：减毒活疫苗第 1 剂，或…"). */
  function items(birth) {
    var groupOf = {}, list = [], byKey = {};
    schedule.options.forEach(function (option) { groupOf[option.id] = option.group; });
    schedule.doses.forEach(function (dose) {
      var group = dose.option ? groupOf[dose.option] : null;
      if (group && choice(group) && choice(group) !== dose.option) { return; }
      var key = group ? group + "@" + dose.age : dose.id;
      var item = byKey[key];
      if (!item) {
        item = { group: group, doses: [], start: reach(birth, dose.age), end: null };
        byKey[key] = item;
        list.push(item);
      }
      item.doses.push(dose);
      if (dose.complete_before) {
        var end = deadline(birth, dose.complete_before);
        if (item.end === null || end > item.end) { item.end = end; item.before = dose.complete_before; }
      }
    });
    list.forEach(function (item) {
      item.hard = item.end !== null;
      /* Without a latest age, "as soon as possible once reached": past a month it is listed
         with the doses that should have been given already. */
      if (!item.hard) { item.end = addMonths(item.start, 1); }
      item.label = label(item);
    });
    return list;
  }
  function numbers(doses) {
    return "第 " + doses.map(function (dose) { return dose.number; }).join("、") + " 剂";
  }
  function label(item) {
    if (!item.group) { return item.doses[0].vaccine + numbers(item.doses); }
    var group = GROUPS[item.group], parts = [], options = [];
    schedule.options.forEach(function (option) {
      var doses = item.doses.filter(function (dose) { return dose.option === option.id; });
      if (doses.length) { options.push(option); parts.push((group ? group.kinds[option.id] : option.name) + numbers(doses)); }
    });
    if (choice(item.group) || !group) { return options[0].name + numbers(item.doses); }
    if (options.length === 1) {
      return group.label + "：" + parts[0] + "（只有打" + group.kinds[options[0].id] + "的孩子要打；以接种门诊安排为准）";
    }
    return group.label + "：" + parts.join("，或") + "（以接种门诊安排为准）";
  }
  function lastDay(item) {
    if (!item.hard) { return ""; }
    return /h$/.test(item.before) ? "出生后 " + item.before.slice(0, -1) + " 小时内" : shown(item.end - DAY);
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }
  function entry(item, now) {
    var li = element("li");
    li.dataset.cgDoses = item.doses.map(function (dose) { return dose.id; }).join(" ");
    li.dataset.cgStart = iso(item.start);
    li.appendChild(element("strong", item.label));
    var when = item.start <= now ? shown(item.start) + "起可以打" : shown(item.start) + "起";
    when += item.hard ? "，最迟 " + lastDay(item) : "，到了就尽早打";
    li.appendChild(element("span", when, "cg-baby-when"));
    if (item.hard && now >= item.end) { li.appendChild(element("span", "已经过了最迟的时间", "cg-baby-when cg-baby-late")); }
    item.doses.forEach(function (dose) {
      if (dose.note) { li.appendChild(element("span", dose.vaccine + numbers([dose]) + "：" + dose.note, "cg-baby-when")); }
    });
    return li;
  }
  /* Checkups by the actual age, as the norm schedules them: due from the visit's age until
     its complete_before (满月: 28–30 days) or else until the next visit's age; the last visit
     as long as the gap before it. Past that, listed with those whose time has passed. */
  function visits(birth) {
    var list = checkups ? checkups.visits : [];
    return list.map(function (visit, index) {
      var start = reach(birth, visit.age), end;
      if (visit.complete_before) { end = deadline(birth, visit.complete_before); }
      else if (index + 1 < list.length) { end = reach(birth, list[index + 1].age); }
      else { end = start + (start - reach(birth, list[index - 1].age)); }
      return { visit: visit, start: start, end: end, hard: !!visit.complete_before };
    });
  }
  function span(item) { return shown(item.start) + "到" + shown(item.end - DAY); }
  function checkup(item, now) {
    var li = element("li");
    li.dataset.cgVisit = item.visit.id;
    li.dataset.cgStart = iso(item.start);
    li.dataset.cgEnd = iso(item.end);
    li.appendChild(element("strong", item.visit.name));
    var when = item.visit.when ? item.visit.when + (item.hard ? "（" + span(item) + "）" : "") : span(item) + "之间去做";
    li.appendChild(element("span", when, "cg-baby-when"));
    if (item.hard && now >= item.end) { li.appendChild(element("span", "已经过了建议的时间", "cg-baby-when cg-baby-late")); }
    li.appendChild(element("span", "检查：" + item.visit.includes.join("；"), "cg-baby-when"));
    return li;
  }
  function fillCheckups(birth, now) {
    if (!checkups) { return; }
    var all = visits(birth), due = [], past = [], future = [];
    all.forEach(function (item) {
      (now >= item.end ? past : item.start <= now ? due : future).push(item);
    });
    var view = function (item) { return checkup(item, now); };
    fill(byId("cg-baby-checkups-due"), due.length ? due.map(view) : [element("li", "现在没有要做的体检。")]);
    fill(byId("cg-baby-checkups-next"), future.length ? [view(future[0])] : [element("li", "3 岁以内的免费健康检查都过了时间。")]);
    fill(byId("cg-baby-checkups-past"), past.map(view));
    byId("cg-baby-checkups-past-box").hidden = past.length === 0;
    var rows = byId("cg-baby-summary-checkups");
    rows.textContent = "";
    all.forEach(function (item) {
      var tr = element("tr");
      tr.dataset.cgVisit = item.visit.id;
      tr.appendChild(element("td", item.visit.name));
      tr.appendChild(element("td", iso(item.start) + " 到 " + iso(item.end - DAY)));
      tr.appendChild(element("td", ""));
      rows.appendChild(tr);
    });
  }
  /* Tells careguide-baby-checks.js the baby's months (null: no baby shown). */
  function announce(detail) {
    var event;
    try { event = new CustomEvent("cg-baby", { detail: detail }); } catch (e) {
      event = document.createEvent("CustomEvent");
      event.initCustomEvent("cg-baby", false, false, detail);
    }
    document.dispatchEvent(event);
  }

  function fill(list, entries) {
    list.textContent = "";
    entries.forEach(function (li) { list.appendChild(li); });
  }

  function weeksText(days) { return Math.floor(days / 7) + " 周" + (days % 7 ? " " + (days % 7) + " 天" : ""); }
  function preterm(birth, now) {
    var due = parseDay(state.due);
    if (due === null) { return null; }
    var early = Math.round((due - birth) / DAY);
    /* Born before 37 weeks (more than 3 weeks before the due date of 40 weeks) is early. */
    if (early <= 21) { return { early: false, text: "按预产期算，宝宝是足月出生的，不用算矫正月龄。" }; }
    var gestation = 280 - early;
    var lead = "宝宝早产：提前 " + weeksText(early) + "出生（孕 " + weeksText(gestation) + "）。";
    if (now < due) {
      return { early: true, months: 0, text: lead + "还没到预产期，矫正月龄从预产期开始算。打疫苗仍按实际月龄。" };
    }
    var corrected = age(due, now);
    return {
      early: true,
      months: corrected.months,
      text: lead + "矫正月龄 " + ageText(corrected) + "：对照发育和生长时用矫正月龄；打疫苗仍按出生后的实际月龄。"
    };
  }

  function render() {
    var birth = parseDay(state.birth), now = today();
    status.textContent = "";
    if (birth === null || !schedule) { result.hidden = true; summary.hidden = true; announce(null); return; }
    if (birth > now) {
      status.textContent = "出生日期不能晚于今天，请检查。";
      result.hidden = true; summary.hidden = true; announce(null); return;
    }
    var actual = age(birth, now), early = preterm(birth, now);
    byId("cg-baby-age").textContent = ageText(actual);
    var corrected = byId("cg-baby-corrected");
    corrected.hidden = !early;
    corrected.textContent = early ? early.text : "";

    var all = items(birth), due = [], past = [], future = [], next = null;
    all.forEach(function (item) {
      if (now >= item.end) { past.push(item); } else if (item.start <= now) { due.push(item); } else { future.push(item); }
    });
    future.forEach(function (item) { if (next === null || item.start < next) { next = item.start; } });
    var view = function (item) { return entry(item, now); };
    fill(byId("cg-baby-due-now"), due.length ? due.map(view) : [element("li", "现在没有要打的疫苗。")]);
    fill(byId("cg-baby-next"), future.filter(function (item) { return item.start === next; }).map(view));
    fill(byId("cg-baby-past"), past.map(view));
    byId("cg-baby-past-box").hidden = past.length === 0;

    var months = early && early.early ? early.months : actual.months;
    document.querySelectorAll("#cg-baby-reading li").forEach(function (li) {
      var by = li.dataset.cgBy, at = by === "corrected" ? months : actual.months;
      li.hidden = (by === "preterm" && !(early && early.early)) ||
        at < +li.dataset.cgFrom || at >= +li.dataset.cgBefore;
    });

    byId("cg-baby-summary-facts").textContent = "出生日期：" + shown(birth) +
      (early && early.early ? "（预产期 " + shown(parseDay(state.due)) + "）" : "") +
      "。" + shown(now) + "：宝宝 " + ageText(actual) + "。";
    var rows = byId("cg-baby-summary-rows");
    rows.textContent = "";
    all.forEach(function (item) {
      var tr = element("tr");
      tr.dataset.cgDoses = item.doses.map(function (dose) { return dose.id; }).join(" ");
      tr.appendChild(element("td", item.label));
      tr.appendChild(element("td", iso(item.start), "cg-baby-date"));
      tr.appendChild(element("td", item.hard ? (/h$/.test(item.before) ? "出生后 " + item.before.slice(0, -1) + " 小时内" : iso(item.end - DAY)) : "尽早", "cg-baby-date"));
      tr.appendChild(element("td", ""));
      rows.appendChild(tr);
    });
    fillCheckups(birth, now);
    result.hidden = false;
    summary.hidden = false;
    announce({ months: actual.months, development: months, corrected: !!(early && early.early) });
  }

  /* The calendar file: each dose not yet past, an all-day event on its earliest day, reminded
     at 9:00 the day before. UIDs are the dose id and this baby's random id: importing a new
     file updates the same events. */
  function babyId() {
    if (!state.id) {
      var bytes = [], i;
      if (window.crypto && window.crypto.getRandomValues) {
        bytes = Array.prototype.slice.call(window.crypto.getRandomValues(new Uint8Array(8)));
      } else {
        for (i = 0; i < 8; i += 1) { bytes.push(Math.floor(Math.random() * 256)); }
      }
      state.id = bytes.map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
      save();
    }
    return state.id;
  }
  function icsText(text) { return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n"); }
  /* Lines of at most 75 octets, continued with a space (RFC 5545). */
  function fold(line) {
    var out = "", octets = 0, i, code, size, ch;
    for (i = 0; i < line.length; i += 1) {
      ch = line.charAt(i);
      code = line.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) { ch += line.charAt(i + 1); i += 1; size = 4; }
      else { size = code < 0x80 ? 1 : code < 0x800 ? 2 : 3; }
      if (octets + size > 75) { out += "\r\n "; octets = 1; }
      out += ch;
      octets += size;
    }
    return out;
  }
  function compact(time) { return iso(time).replace(/-/g, ""); }
  function calendar() {
    var birth = parseDay(state.birth), now = today(), id = babyId(), stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//careguide//my-baby//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:宝宝打疫苗和体检"];
    items(birth).forEach(function (item) {
      if (now >= item.end) { return; }
      item.doses.forEach(function (dose) {
        var name = dose.vaccine + numbers([dose]);
        if (item.group && !choice(item.group)) { name += "（如果打的是" + GROUPS[item.group].kinds[dose.option] + "）"; }
        var details = shown(item.start) + "起可以打" + (item.hard ? "，最迟 " + lastDay(item) : "，到了就尽早打") +
          "。" + (dose.note ? dose.note + "。" : "") + "以接种门诊的安排为准。";
        lines.push("BEGIN:VEVENT", "UID:" + dose.id + "-" + id + "@careguide", "DTSTAMP:" + stamp,
          "DTSTART;VALUE=DATE:" + compact(item.start), "DTEND;VALUE=DATE:" + compact(item.start + DAY),
          "SUMMARY:" + icsText("打疫苗：" + name), "DESCRIPTION:" + icsText(details), "TRANSP:TRANSPARENT",
          "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT15H", "DESCRIPTION:" + icsText("明天可以带宝宝打" + name),
          "END:VALARM", "END:VEVENT");
      });
    });
    visits(birth).forEach(function (item) {
      if (now >= item.end) { return; }
      var visit = item.visit, details = (visit.when ? visit.when + "。" : "") + span(item) + "。检查：" +
        visit.includes.join("；") + "。以社区卫生服务中心或乡镇卫生院的通知为准。";
      lines.push("BEGIN:VEVENT", "UID:checkup-" + visit.id + "-" + id + "@careguide", "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + compact(item.start), "DTEND;VALUE=DATE:" + compact(item.start + DAY),
        "SUMMARY:" + icsText("体检：" + visit.name), "DESCRIPTION:" + icsText(details), "TRANSP:TRANSPARENT",
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT15H", "DESCRIPTION:" + icsText("明天起可以带宝宝去做" + visit.name),
        "END:VALARM", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }
  function download() {
    if (/MicroMessenger/i.test(navigator.userAgent)) { byId("cg-baby-wechat").hidden = false; return; }
    var blob = new Blob([calendar()], { type: "text/calendar;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "baby-vaccines.ics";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function read() {
    var birth = form.elements.birth.value, due = form.elements.due.value;
    if (birth && parseDay(birth) === null) { status.textContent = "出生日期格式不对，请重新选择。"; return; }
    if (due && birth && Math.abs(parseDay(due) - parseDay(birth)) > 20 * 7 * DAY) {
      status.textContent = "预产期和出生日期相差太多，请检查。";
      return;
    }
    state.birth = birth;
    state.due = due;
    save();
    render();
  }

  form.elements.birth.value = state.birth || "";
  form.elements.due.value = state.due || "";
  form.elements.birth.max = iso(today());
  Object.keys(GROUPS).forEach(function (group) {
    form.querySelectorAll('input[name="option-' + group + '"]').forEach(function (input) {
      input.checked = input.value === choice(group);
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); read(); });
  form.addEventListener("change", function (event) {
    var set = event.target.closest("[data-cg-group]");
    if (set) {
      state.options = state.options || {};
      state.options[set.dataset.cgGroup] = event.target.value;
      save();
      render();
    } else if (event.target.type === "date") {
      read();
    }
  });
  byId("cg-baby-clear").addEventListener("click", function () {
    try { localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
    state = {};
    form.reset();
    byId("cg-baby-wechat").hidden = true;
    render();
    status.textContent = "已清除，这台手机上不再保存宝宝的日期。";
  });
  byId("cg-baby-ics").addEventListener("click", download);

  /* The schedules the page reads: the vaccines, and the checkups when the site has them. */
  function getJson(address, done) {
    var request = new XMLHttpRequest(), failed = function () { status.textContent = "时间表没有加载成功，请检查网络后刷新页面。"; };
    request.open("GET", address);
    request.onload = function () {
      var data = null;
      try { data = JSON.parse(request.responseText); } catch (e) { data = null; }
      if (!data || request.status !== 200) { failed(); return; }
      done(data);
      waiting -= 1;
      if (waiting === 0) { render(); }
    };
    request.onerror = failed;
    request.send();
  }
  getJson(box.dataset.cgSchedule, function (data) { schedule = data; });
  if (box.dataset.cgCheckups) { getJson(box.dataset.cgCheckups, function (data) { checkups = data; }); }
})();
