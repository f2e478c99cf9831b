"""What becomes an MkDocs page: page rendering, the navigation, theme fragments, JSON-LD."""
