"""The plugin author's kit and the bundled demo."""
