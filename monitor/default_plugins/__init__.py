"""Our own source types, registered through the same hooks as any third-party plugin."""
