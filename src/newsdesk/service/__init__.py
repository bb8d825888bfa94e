"""Services: what the doors (CLI, web app, Spark loader) ask of the store, built from the
stages below. ``ingest`` reads, stores and groups articles; ``reports`` builds, keeps and
reads back a story's report; ``feeds`` subscribes to feeds and follows them."""
