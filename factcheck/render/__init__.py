"""Views and pages: the Pelican generator, the views it builds once, and the files written
beside the pages (chronology export, share cards, sitemap)."""
