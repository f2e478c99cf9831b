/* careguide search, in a module worker: turns a parent's question into index words the way the
 * build cut the pages (careguide/search/segmenter.py), and asks Pagefind.
 * ES2020 module (import, async, object spread, matchAll), no build step: it runs only as a module
 * worker, and every browser that has module workers has ES2020.
 *
 * It reads careguide-query.json: each key and its meaning are listed once, in the docstring of
 * careguide/search/query.py, and the two change together. The meta fields weighed and shown here
 * (title, heading, page, path, kw) are those of record() in careguide/search/index.py.
 *
 * Centres are not in Pagefind's index but in a small list per place (careguide/search/places.py),
 * fetched when the question names the place or asks for a centre; classes that have ended since
 * the build go after the rest, and date words (12月, 下个月, 本周, 周末) become the words the build
 * gave each class for its date (when_words in careguide/search/index.py).
 *
 * Message in:  {id, query, now} (now: the page's clock, in ms; the worker's own if absent)
 * Message out: {id, query, terms, total, results: [{url, title, page, excerpt}]}
 *
 * Pagefind runs here, not in the page, for one more reason than speed: in a worker it does not
 * see the page's lang="zh" and so does not cut the query again with the browser's own
 * dictionary (Intl.Segmenter); the words it gets are the words the build indexed.
 */
import * as pagefind from "../../pagefind/pagefind.js";

const SHOWN = 10; /* sections loaded and shown for one query */
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)*/gu;

let prepared = null; /* the query vocabulary and Pagefind, loaded on the first search */

async function setup() {
  const response = await fetch(new URL("../../pagefind/careguide-query.json", import.meta.url));
  const data = await response.json();
  const t2s = new Map();
  for (let i = 0; i + 1 < data.t2s.length; i += 2) { t2s.set(data.t2s[i], data.t2s[i + 1]); }
  const lexicon = new Set(data.lexicon);
  let longest = 1;
  for (const word of lexicon) { longest = Math.max(longest, word.length); }
  await pagefind.options({
    excerptLength: 36,
    ranking: { metaWeights: { title: 5.0, heading: 5.0, hkw: 5.0, page: 1.5, path: 1.0, kw: 1.0 } }
  });
  await pagefind.init();
  return {
    t2s,
    lexicon,
    longest,
    places: new Map(Object.entries(data.places || {})),
    city: data.city === undefined ? -1 : data.city,
    centreWords: new Set(data.centre_words || []),
    lists: new Map(),
    classWords: new Set(data.class_words || []),
    classList: data.class_list || null,
    synonyms: new Map(Object.entries(data.synonyms)),
    stopwords: new Set(data.stopwords),
    typos: Object.entries(data.typos),
    common: new Set(data.common),
    records: data.records
  };
}

/* Full-width to half-width, lower case, traditional to simplified, frequent typos corrected,
 * date words turned into the words of the classes' dates. */
function fold(text, v, now) {
  let out = "";
  for (const char of text.normalize("NFKC").toLowerCase()) { out += v.t2s.get(char) || char; }
  for (const [wrong, right] of v.typos) { out = out.split(wrong).join(right); }
  return ageWords(dateWords(out, now));
}

const DIGITS = { 零: 0, 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/* 一, 十一, 二十四 … as a number (up to 99), or NaN. */
function numeral(text) {
  if (/^\d+$/u.test(text)) { return Number(text); }
  const [tens, ones] = text.includes("十") ? text.split("十") : ["", text];
  const value = (text.includes("十") ? (tens ? DIGITS[tens] : 1) * 10 : 0) + (ones ? DIGITS[ones] : 0);
  return Number.isInteger(value) ? value : NaN;
}

const AGE = /(\d{1,2}|[一二两三四五六七八九十]{1,3})(个半月|个多月|个月|月龄|月大|周岁半|周岁|岁半|岁多|岁)/gu;

/* 8个月, 八个月, 18月龄, 两岁半 as the age words the build gave the pages of an age range
 * (age_words in careguide/search/index.py): age8, age18, age30. */
function ageWords(text) {
  return text.replace(AGE, (all, number, unit) => {
    const value = numeral(number);
    if (Number.isNaN(value)) { return all; }
    const months = unit.includes("岁") ? value * 12 + (unit.endsWith("半") ? 6 : 0) : value;
    return months <= 36 ? ` age${months} ` : all;
  });
}

/* The site's clock is Beijing time: a Date whose UTC fields say the time in Beijing. */
function beijing(date) { return new Date(date.getTime() + 8 * 3600e3); }

function monthWord(year, month) { /* month 0–11, may overflow */
  const first = new Date(Date.UTC(year, month, 1));
  return ` ym${first.getUTCFullYear()}${String(first.getUTCMonth() + 1).padStart(2, "0")} `;
}

function weekWord(day) { /* ISO 8601 week of a Beijing day */
  const date = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const start = new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((date - start) / 864e5 + 1) / 7);
  return ` yw${date.getUTCFullYear()}${String(week).padStart(2, "0")} `;
}

const NUMERALS = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };
const MONTH = /(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份?(?![龄大])/gu;

/* 本周, 下周, 本月, 下个月 and 12月 as the words of the classes' dates, from today in Beijing;
 * a month without a year is the next one of that name. 周末 stays: classes on a Saturday or a
 * Sunday have it. */
function dateWords(text, now) {
  const today = beijing(now);
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  const nextWeek = new Date(today.getTime() + 7 * 864e5);
  return text
    .replace(/本周|这周|这个星期|这星期|本星期/gu, weekWord(today))
    .replace(/下周|下个星期|下星期/gu, weekWord(nextWeek))
    .replace(/本月|这个月|当月/gu, monthWord(year, month))
    .replace(/下个月|下月/gu, monthWord(year, month + 1))
    .replace(MONTH, (all, number) => {
      const wanted = (NUMERALS[number] || Number(number)) - 1;
      return monthWord(wanted < month ? year + 1 : year, wanted);
    });
}

const segmenter = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

/* Chinese without a dictionary word: the browser's segmenter, or single characters. */
function plainWords(text) {
  if (!segmenter) { return Array.from(text); }
  const words = [];
  for (const part of segmenter.segment(text)) { if (part.isWordLike) { words.push(part.segment); } }
  return words;
}

/* Longest dictionary word first, left to right; the rest goes to plainWords. */
function cutHan(run, v) {
  const words = [];
  let pending = "";
  let i = 0;
  while (i < run.length) {
    let found = "";
    for (let n = Math.min(v.longest, run.length - i); n >= 2; n--) {
      const candidate = run.slice(i, i + n);
      if (v.lexicon.has(candidate)) { found = candidate; break; }
    }
    if (found) {
      if (pending) { words.push(...plainWords(pending)); pending = ""; }
      words.push(found);
      i += found.length;
    } else {
      pending += run[i];
      i += 1;
    }
  }
  if (pending) { words.push(...plainWords(pending)); }
  return words;
}

/* The words to look for, each marked weak (a single character) or not. Question words go, and
 * so do words found in many sections (宝宝, 指导中心) when two or more rarer words remain. */
function analyse(query, v, now) {
  const words = [];
  for (const [token] of fold(query, v, now).matchAll(TOKEN)) {
    words.push(...(HAN.test(token) ? cutHan(token, v) : [token]));
  }
  const mapped = words.map(word => v.synonyms.get(word) || word);
  let kept = mapped.filter(word => !v.stopwords.has(word));
  if (kept.length === 0) { kept = mapped; }
  const term = word => ({ word, weak: HAN.test(word) && word.length === 1 });
  const all = [...new Set(kept)].map(term);
  const rarer = kept.filter(word => !v.common.has(word));
  if (rarer.length > 1) { kept = rarer; }
  const terms = [...new Set(kept)].map(term);
  terms.all = all; /* with the common words: a centre's name is matched with every word */
  return terms;
}

function idf(records, count) {
  return Math.log(1 + (records - count + 0.5) / (count + 0.5));
}

/* Sections with every word come first, in Pagefind's order. When there are too few, the other
 * sections that have some of the words follow: most of the query's weight first (a rare word
 * weighs more than a common one, a single character half), then by Pagefind's scores. */
async function find(terms, v) {
  const all = await pagefind.search(terms.map(term => term.word).join(" "));
  const found = all.results.slice();
  if (found.length >= SHOWN || terms.length < 2) { return found; }
  const seen = new Set(found.map(result => result.id));
  const partial = new Map();
  for (const term of terms) {
    const response = await pagefind.search(term.word);
    const weight = idf(v.records, response.results.length) * (term.weak ? 0.5 : 1);
    for (const result of response.results) {
      if (seen.has(result.id)) { continue; }
      const entry = partial.get(result.id) || { result, cover: 0, score: 0 };
      entry.cover += weight;
      entry.score += result.score;
      partial.set(result.id, entry);
    }
  }
  const rest = [...partial.values()].sort((a, b) => (b.cover - a.cover) || (b.score - a.score));
  return found.concat(rest.map(entry => entry.result));
}

/* The list of a place's centres (places/<n>.json), fetched once. */
function list(number, v) {
  if (!v.lists.has(number)) {
    const url = new URL(`../../pagefind/places/${number}.json`, import.meta.url);
    v.lists.set(number, fetch(url).then(response => response.json()));
  }
  return v.lists.get(number);
}

/* Centres the question asks for: those of the places it names (or the city's, when it asks for
 * a centre and names none) that have a word of it besides the place and centre words. Most
 * words of the question first; then the one whose name is most said by the question. */
async function centres(asked, v) {
  const terms = asked.all || asked;
  const named = terms.filter(term => v.places.has(term.word));
  const asks = terms.some(term => v.centreWords.has(term.word));
  const numbers = new Set(named.flatMap(term => v.places.get(term.word)));
  if (numbers.size === 0 && asks && v.city >= 0) { numbers.add(v.city); }
  if (numbers.size === 0) { return { named: false, asks, found: [] }; }
  const lists = await Promise.all([...numbers].map(number => list(number, v)));
  const other = terms.filter(term => !v.places.has(term.word) && !v.centreWords.has(term.word));
  const found = [];
  for (const [url, name, nameWords, otherWords] of lists.flat()) {
    const inName = new Set(nameWords.split(" "));
    const words = new Set([...inName, ...otherWords.split(" ")]);
    const said = other.filter(term => words.has(term.word));
    if (named.length === 0 && said.length === 0) { continue; }
    const score = said.reduce((sum, term) => sum + (term.weak ? 0.5 : 1), 0) +
      terms.filter(term => v.centreWords.has(term.word) && words.has(term.word)).length * 0.1;
    const nameSaid = terms.filter(term => inName.has(term.word)).length / inName.size;
    found.push({ url, name, score, nameSaid, rest: other.length - said.length });
  }
  found.sort((a, b) => (b.score - a.score) || (b.nameSaid - a.nameSaid));
  return { named: named.length > 0, asks, rest: other.length, found };
}

/* A class record that has ended since the build (meta.end, digits of Beijing time). */
function ended(item, now) { return Boolean(item.meta.end) && item.meta.end < now; }

function digitsOf(date) {
  return date.toISOString().slice(0, 16).replace(/\D/gu, "");
}

async function search(query, clock) {
  prepared = prepared || setup();
  const v = await prepared;
  const terms = analyse(query, v, clock);
  if (terms.length === 0) { return { terms: [], total: 0, results: [] }; }
  const [found, places] = await Promise.all([find(terms, v), centres(terms, v)]);
  const data = await Promise.all(found.slice(0, SHOWN).map(result => result.data()));
  /* Classes that have ended since the build go last; so do classes, when the question asks for
   * none (a class about 辅食 is no answer to 辅食什么时候加). */
  const now = digitsOf(beijing(clock));
  const wanted = terms.all.some(term => v.classWords.has(term.word) || /^y[mw]\d/u.test(term.word));
  const rank = item => (ended(item, now) ? 2 : (!wanted && item.meta.end ? 1 : 0));
  const ordered = [0, 1, 2].flatMap(at => data.filter(item => rank(item) === at));
  let results = ordered.map(item => ({
    url: item.url,
    title: item.meta.title || item.meta.heading || "",
    page: item.meta.page || "",
    excerpt: item.excerpt
  }));
  /* A question of class and date words only (有哪些直播课, 12月有哪些讲座, 课程报名) names no
   * subject and no place: the list of the classes answers it, not one class. */
  const general = wanted &&
    terms.all.every(term => v.classWords.has(term.word) || /^y[mw]\d/u.test(term.word));
  if (general && v.classList) {
    const [url, title] = v.classList;
    const list = results.find(item => item.url === url) || { url, title, page: "", excerpt: "" };
    results = [list, ...results.filter(item => item.url !== url)].slice(0, SHOWN);
  }
  /* Centres come first when the question asks for a centre, or names a place and nothing
   * else; else the best centre that has every other word of the question comes second. */
  const first = places.asks || (places.named && places.rest === 0);
  const best = places.found.filter(entry => entry.rest === 0 || first);
  const shown = best.slice(0, first ? 3 : 1).map(entry => ({
    url: entry.url, title: entry.name, page: "", excerpt: ""
  }));
  if (shown.length) {
    const others = results.filter(item => !shown.some(entry => entry.url === item.url));
    const at = first ? 0 : Math.min(1, others.length);
    results = others.slice(0, at).concat(shown, others.slice(at)).slice(0, SHOWN);
  }
  return { terms: terms.map(term => term.word), total: found.length + shown.length, results };
}

self.addEventListener("message", async event => {
  const { id, query, now } = event.data;
  try {
    self.postMessage({ id, query, ...(await search(query, new Date(now || Date.now()))) });
  } catch (error) {
    prepared = null; /* a failed download is tried again with the next query */
    self.postMessage({ id, query, terms: [], total: 0, results: [], error: String(error) });
  }
});
