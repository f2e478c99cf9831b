/* careguide search, in a module worker: turns a parent's question into index words the way the
 * build cut the pages (careguide/search/segmenter.py), and asks Pagefind.
 * ES2020 module (import, async, object spread, matchAll), no build step: it runs only as a module
 * worker, and every browser that has module workers has ES2020.
 *
 * It reads careguide-query.json: each key and its meaning are listed once, in the docstring of
 * careguide/search/query.py, and the two change together. The meta fields weighed and shown here
 * (title, heading, page, path, kw) are those of record() in careguide/search/index.py.
 *
 * Message in:  {id, query}
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
    ranking: { metaWeights: { title: 5.0, heading: 5.0, page: 1.5, path: 1.0, kw: 1.0 } }
  });
  await pagefind.init();
  return {
    t2s,
    lexicon,
    longest,
    synonyms: new Map(Object.entries(data.synonyms)),
    stopwords: new Set(data.stopwords),
    typos: Object.entries(data.typos),
    common: new Set(data.common),
    records: data.records
  };
}

/* Full-width to half-width, lower case, traditional to simplified, frequent typos corrected. */
function fold(text, v) {
  let out = "";
  for (const char of text.normalize("NFKC").toLowerCase()) { out += v.t2s.get(char) || char; }
  for (const [wrong, right] of v.typos) { out = out.split(wrong).join(right); }
  return out;
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
function analyse(query, v) {
  const words = [];
  for (const [token] of fold(query, v).matchAll(TOKEN)) {
    words.push(...(HAN.test(token) ? cutHan(token, v) : [token]));
  }
  const mapped = words.map(word => v.synonyms.get(word) || word);
  let kept = mapped.filter(word => !v.stopwords.has(word));
  if (kept.length === 0) { kept = mapped; }
  const rarer = kept.filter(word => !v.common.has(word));
  if (rarer.length > 1) { kept = rarer; }
  return [...new Set(kept)].map(word => ({ word, weak: HAN.test(word) && word.length === 1 }));
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

async function search(query) {
  prepared = prepared || setup();
  const v = await prepared;
  const terms = analyse(query, v);
  if (terms.length === 0) { return { terms: [], total: 0, results: [] }; }
  const found = await find(terms, v);
  const data = await Promise.all(found.slice(0, SHOWN).map(result => result.data()));
  return {
    terms: terms.map(term => term.word),
    total: found.length,
    results: data.map(item => ({
      url: item.url,
      title: item.meta.title || item.meta.heading || "",
      page: item.meta.page || "",
      excerpt: item.excerpt
    }))
  };
}

self.addEventListener("message", async event => {
  const { id, query } = event.data;
  try {
    self.postMessage({ id, query, ...(await search(query)) });
  } catch (error) {
    prepared = null; /* a failed download is tried again with the next query */
    self.postMessage({ id, query, terms: [], total: 0, results: [], error: String(error) });
  }
});
