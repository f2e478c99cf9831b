"""Plain files of the site made from the Catalog: PDFs, calendars, open data, QR, redirects."""
