"""Site search: rendered HTML → sections → words cut by jieba → a Pagefind index."""
