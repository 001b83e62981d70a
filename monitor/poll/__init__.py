"""Polling: orchestration of sources, fetches, processing and their schedule."""
