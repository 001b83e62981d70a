"""Enrichment: language, event types, places, sectors and figures. Pure functions of text."""
