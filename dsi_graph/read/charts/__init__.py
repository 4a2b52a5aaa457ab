"""Pictures of the read models: SVG drawing (:mod:`.svg`) and the panels fed by named queries (:mod:`.panels`)."""
