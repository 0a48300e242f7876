"""Near-duplicate detection: MinHash signatures over word shingles (pure), banded for
lookup in the archive (storage/), so memory does not grow with the archive."""
