"""Recognition: the CBD citation grammar and known entities in text (issue 10)."""
