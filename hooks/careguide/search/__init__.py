"""Site search: rendered HTML → sections → words cut by jieba → a Pagefind index.

Chinese has no spaces, so a search index needs a word segmenter; careguide cuts the text itself,
at build time, with jieba and the domain words of ``terms.yml``, and Pagefind indexes words that
are already separated, in small chunks a phone downloads only as it needs them. The browser cuts
the visitor's query the same way, with the vocabulary written next to the index.

- :mod:`~careguide.search.sections`: a rendered page cut into search records, the pages left out;
- :mod:`~careguide.search.terms`: the vocabulary of ``terms.yml``;
- :mod:`~careguide.search.segmenter`: jieba with our dictionary;
- :mod:`~careguide.search.pagefind`: ``pagefind --service``, run on the records;
- :mod:`~careguide.search.query`: ``careguide-query.json``, what the browser's worker reads;
- :mod:`~careguide.search.index`: :class:`~careguide.search.index.SearchIndex`, which the plugin
  keeps from build to build, and the records as Pagefind gets them.

Every failure is a :class:`~careguide.errors.SearchError`.
"""
