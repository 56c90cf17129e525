"""Admin for screening batches and candidates."""
