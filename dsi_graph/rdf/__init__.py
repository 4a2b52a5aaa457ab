"""rdf layer."""
