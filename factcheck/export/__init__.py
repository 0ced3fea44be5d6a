"""Open data and feeds: claims.json, CSV files, the ClaimReview DataFeed, Atom feeds, and
the export's schema generated from the data model."""
