"""Load and check: claims.yaml and content/ into a typed, checked catalog, every problem at
its FILE:LINE:COL."""
