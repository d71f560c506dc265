"""One controller per feature: import, review, consents, export, settings, the window."""
