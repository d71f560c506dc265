"""The domain: pure Python, no I/O, never imports Qt."""
